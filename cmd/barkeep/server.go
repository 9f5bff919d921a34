package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/signal"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"barkeep/api"
	"barkeep/data"
	"barkeep/store"
	"barkeep/tui"

	tea "charm.land/bubbletea/v2"
	"charm.land/log/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	"charm.land/wish/v2/bubbletea"
	gossh "golang.org/x/crypto/ssh"
)

// Files in the data directory.
const (
	hostKeyFile = "host_ed25519"
	storeFile   = "barkeep.db"
)

// server holds what every SSH session shares.
type server struct {
	store       *store.Store
	api         *api.API
	access      atomic.Pointer[accessLists] // who may come in, and who is an admin
	logger      *log.Logger
	windows     windowFeeds
	limits      *connLimits
	sessionCaps *sessionLimits
	signUps     *signUpGate
	refusals    *refusalLog

	mu       sync.Mutex
	sessions map[ssh.Session]*running // the programs running
	active   int                      // sessions admitted and not yet ended
	closing  bool                     // the server is shutting down
	drained  chan struct{}            // closed once closing and no session is active
}

// running is one session's program and what it must release on the way out.
type running struct {
	program *tea.Program
	changes *store.Subscription
}

func serve(cfg serveConfig, logger *log.Logger) error {
	// The server owns SIGINT and SIGTERM from the start: a signal during
	// start-up still ends in a clean close.
	signals, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// SIGHUP reloads the keys files; caught from the start, it never stops
	// the server.
	hangups := make(chan os.Signal, 1)
	signal.Notify(hangups, syscall.SIGHUP)
	defer signal.Stop(hangups)
	cocktails, err := loadCatalog(cfg.catalogFile, logger)
	if err != nil {
		return err
	}
	if cfg.nodes.hostKey == "" || cfg.nodes.database == "" { // the data directory holds something
		if err := prepareDataDir(cfg.dataDir); err != nil {
			return err
		}
	}
	access, err := loadAccess(cfg)
	if err != nil {
		return err
	}
	if fields := access.logFields(); len(fields) > 0 {
		logger.Info("keys files", fields...)
	}
	st, err := cfg.nodes.openStore(cfg.dataDir, store.NewCatalog(cocktails), logger)
	if err != nil {
		return err
	}
	defer func() {
		if err := st.Close(); err != nil {
			logger.Error("close store", "err", err)
		}
	}()

	if cfg.debugAddr != "" {
		if err := serveDebug(cfg.debugAddr, st, logger); err != nil {
			return err
		}
	}
	graphQL := newAPI(cfg.http, st, logger)
	if cfg.http.addr != "" {
		stopHTTP, err := serveHTTP(cfg.http, graphQL, logger)
		if err != nil {
			return err
		}
		defer stopHTTP(cfg.shutdownGrace)
	}
	// The host key comes once the store is locked, so that two servers
	// started on one data directory cannot both make one.
	hostKey, err := cfg.nodes.loadHostKey(cfg.dataDir)
	if err != nil {
		return err
	}
	refusals := newRefusalLog(logger, refusalBurst)
	s := &server{
		store:    st,
		api:      graphQL,
		logger:   logger,
		sessions: map[ssh.Session]*running{},
		drained:  make(chan struct{}),
		windows:  windowFeeds{budgets: repaintBudgets{cellsPerSecond: cfg.repaintCellsPerSource}},
		limits:   newConnLimits(cfg, logger, refusals),
		refusals: refusals,
		signUps:  newSignUpGate(cfg, st.Accounts),
		// Sessions per connection, per key and per address.
		sessionCaps: newSessionLimits(cfg),
	}
	s.access.Store(access)
	srv, err := s.sshServer(hostKey, cfg)
	if err != nil {
		return err
	}
	listener, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.addr, err)
	}
	if listener, err = cfg.nodes.listen(listener); err != nil {
		return err
	}
	logger.Info("barkeep started",
		"addr", listener.Addr().String(),
		"host_key", gossh.FingerprintSHA256(srv.HostSigners[0].PublicKey()),
		"cocktails", len(cocktails),
		"store", st.Path())

	served := make(chan error, 1)
	go func() { served <- srv.Serve(listener) }()
	for running := true; running; {
		select {
		case err := <-served:
			return fmt.Errorf("serve %s: %w", listener.Addr(), err)
		case <-hangups:
			s.reload(cfg)
		case <-signals.Done():
			running = false
		}
	}
	logger.Info("shutting down", "sessions", s.openSessions())
	_ = listener.Close()
	s.sayGoodbye()
	select {
	case <-s.drained:
	case <-time.After(cfg.shutdownGrace):
		logger.Warn("sessions still open after the grace period; closing them", "grace", cfg.shutdownGrace)
	}
	// Connections that hold no session (ssh -N, a control master) need not
	// be waited for.
	_ = srv.Close()
	logger.Info("stopped")
	return nil
}

// loadCatalog returns the embedded catalog, or the one in path in any
// format Barkeep reads, logging the entries it had to leave out.
func loadCatalog(path string, logger *log.Logger) ([]data.Cocktail, error) {
	if path == "" {
		return data.Embedded()
	}
	imported, err := data.ImportFile(path)
	if err != nil {
		return nil, err
	}
	for _, skip := range imported.Skipped {
		logger.Warn("catalog entry left out", "file", path, "entry", skip.Name, "reason", skip.Reason)
	}
	return imported.Cocktails, nil
}

func (s *server) sshServer(hostKey gossh.Signer, cfg serveConfig) (*ssh.Server, error) {
	srv, err := wish.NewServer(
		func(srv *ssh.Server) error { srv.AddHostKey(hostKey); return nil },
		wish.WithPublicKeyAuth(s.publicKeyAllowed),
		s.windows.ptyHandler(),
		func(srv *ssh.Server) error {
			srv.HandshakeTimeout = cfg.loginGrace
			srv.MaxTimeout = cfg.maxSessionTime
			srv.ConnCallback = s.limits.accept
			srv.ServerConfigCallback = func(ctx ssh.Context) *gossh.ServerConfig {
				return s.sshConfig(ctx, cfg.maxAuthTries)
			}
			srv.ChannelHandlers = map[string]ssh.ChannelHandler{
				"session": s.sessionChannel,
				"default": s.refuseChannel,
			}
			srv.RequestHandlers = map[string]ssh.RequestHandler{
				"tcpip-forward":                   s.refuseForwarding,
				"streamlocal-forward@openssh.com": s.refuseForwarding,
			}
			return nil
		},
		// The last middleware runs first: clamp the window (everything
		// after sees only the clamped session), log, apply the key's
		// grant, admit, identify, answer commands, run the program,
		// release the session.
		wish.WithMiddleware(slices.Concat(
			[]wish.Middleware{
				s.releaseSession,
				bubbletea.MiddlewareWithProgramHandler(s.program),
				s.runCommands,
			},
			testMiddlewares,
			[]wish.Middleware{
				s.identify,
				s.admit,
				s.applyGrant,
				s.logSession,
				s.windows.clamp,
			},
		)...),
	)
	if err != nil {
		return nil, fmt.Errorf("set up SSH server: %w", err)
	}
	return srv, nil
}

// testMiddlewares are only ever set by the end-to-end tests' build (see
// testhooks.go), to reach code paths no client can, such as a panic.
var testMiddlewares []wish.Middleware

// Only modern key exchange, ciphers and MACs: what ssh-audit passes.
var (
	keyExchanges = []string{gossh.KeyExchangeMLKEM768X25519, gossh.KeyExchangeCurve25519}
	ciphers      = []string{gossh.CipherChaCha20Poly1305, gossh.CipherAES256GCM, gossh.CipherAES128GCM, gossh.CipherAES256CTR, gossh.CipherAES192CTR, gossh.CipherAES128CTR}
	macs         = []string{gossh.HMACSHA256ETM, gossh.HMACSHA512ETM}
)

// sshConfig is a connection's own SSH configuration: the library asks for
// a fresh one per connection, so the auth log knows whose it is.
func (s *server) sshConfig(ctx ssh.Context, maxAuthTries int) *gossh.ServerConfig {
	return &gossh.ServerConfig{
		Config:       gossh.Config{KeyExchanges: keyExchanges, Ciphers: ciphers, MACs: macs},
		MaxAuthTries: maxAuthTries,
		VerifiedPublicKeyCallback: func(_ gossh.ConnMetadata, key gossh.PublicKey, perms *gossh.Permissions, _ string) (*gossh.Permissions, error) {
			return perms, s.limits.authenticate(connStateOf(ctx), accountFingerprint(key))
		},
		AuthLogCallback: func(conn gossh.ConnMetadata, method string, err error) {
			if err == nil {
				return
			}
			fields := []any{"remote", conn.RemoteAddr().String(), "user", shorten(conn.User()), "method", shorten(method)}
			switch method {
			case "publickey":
			case "none":
				// Every OpenSSH client asks for "none" first, to learn the
				// methods: at every login, so not news.
				s.logger.Debug("auth refused", fields...)
			default:
				s.logger.Info("auth refused", fields...)
			}
		},
	}
}

// program builds the session's Bubble Tea program.
func (s *server) program(sess ssh.Session) *tea.Program {
	pty, _, _ := sess.Pty()
	changes := s.store.Subscribe()
	model := tui.New(tui.Config{
		Store:   s.store,
		SignUp:  signUpOf(sess),
		Changes: changes,
		Logger:  s.logger,
		Width:   pty.Window.Width,
		Height:  pty.Window.Height,
	})
	// The server owns the signals: a program must not take SIGINT for itself.
	opts := append(bubbletea.MakeOptions(sess), tea.WithoutSignalHandler())
	if clamped, ok := sess.(*clampedSession); ok {
		opts = append(opts, tea.WithFilter(clamped.filterMessages))
	}
	p := tea.NewProgram(model, opts...)
	model.HearLikesIn(p)
	s.mu.Lock()
	s.sessions[sess] = &running{program: p, changes: changes}
	s.mu.Unlock()
	return p
}

// releaseSession runs once the program has ended.
func (s *server) releaseSession(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		s.mu.Lock()
		r := s.sessions[sess]
		delete(s.sessions, sess)
		closing := s.closing
		s.mu.Unlock()
		if r != nil {
			r.changes.Close()
		}
		if closing {
			fmt.Fprintln(sess, "Barkeep is closing for now. Cheers!")
		}
		next(sess)
	}
}

func (s *server) openSessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sessions)
}

// sayGoodbye ends every open program; each session then tells its user
// the bar is closing. Quit blocks until a program has started, so each gets
// its own goroutine.
func (s *server) sayGoodbye() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closing = true
	if s.active == 0 {
		close(s.drained)
	}
	for _, r := range s.sessions {
		go r.program.Quit()
	}
}
