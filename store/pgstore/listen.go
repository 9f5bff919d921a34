package pgstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"barkeep/store"

	"github.com/jackc/pgx/v5"
)

// How the listener keeps its connection: a ping after a quiet spell (a
// connection whose server vanished without closing it shows only then),
// and a backoff between attempts to reconnect.
const (
	listenQuiet    = 15 * time.Second
	listenPing     = 5 * time.Second
	backoffFirst   = 100 * time.Millisecond
	backoffLongest = 3 * time.Second
)

// Listen opens the connection that listens for every server's changes and
// follows it on a goroutine of its own until Close, reconnecting whenever
// it is lost and reading everything again after each reconnection.
func (b *Backend) Listen(ctx context.Context, apply func(store.Change)) error {
	b.apply = apply
	conn, err := b.listen(ctx)
	if err != nil {
		return err
	}
	b.wg.Go(func() { b.follow(conn) })
	return nil
}

// listen connects on a connection of its own, never the pool's, and
// listens: notifications of every commit from then on reach it.
func (b *Backend) listen(ctx context.Context) (*pgx.Conn, error) {
	conn, err := pgx.ConnectConfig(ctx, b.listenConf)
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w", b.where, err)
	}
	if _, err := conn.Exec(ctx, "LISTEN "+channel); err != nil {
		_ = conn.Close(context.WithoutCancel(ctx))
		return nil, fmt.Errorf("listen on %s: %w", b.where, err)
	}
	return conn, nil
}

func (b *Backend) follow(conn *pgx.Conn) {
	for {
		err := b.receive(conn)
		_ = conn.Close(context.Background())
		if b.ctx.Err() != nil {
			return
		}
		lost := time.Now()
		b.logger.Warn("lost the database's change feed; reconnecting", "database", b.where, "err", err)
		if conn = b.reconnect(); conn == nil {
			return // closing
		}
		b.logger.Info("change feed back; everything read again", "database", b.where, "after", time.Since(lost).Round(time.Millisecond))
	}
}

// reconnect listens again, with backoff, and resyncs: it returns a
// connection whose notifications carry on from what was read, or nil once
// the backend is closing.
func (b *Backend) reconnect() *pgx.Conn {
	wait := b.backoff
	for {
		select {
		case <-time.After(wait):
		case <-b.ctx.Done():
			return nil
		}
		wait = min(2*wait, backoffLongest)
		conn, err := b.listen(b.ctx)
		if err == nil {
			if err = b.resync(); err == nil {
				return conn
			}
			_ = conn.Close(context.Background())
		}
		if b.ctx.Err() != nil {
			return nil
		}
		b.logger.Debug("database still away", "database", b.where, "err", err, "next_try", wait)
	}
}

// resync reads everything and hands it to the store; the writes that were
// committed while nobody listened count as come back.
func (b *Backend) resync() error {
	missed := b.echoes.committedSoFar()
	ctx, cancel := context.WithTimeout(b.ctx, b.opts.WriteTimeout)
	defer cancel()
	records, err := b.Load(ctx)
	if err != nil {
		return err
	}
	b.applyChanges(store.Change{Kind: store.ChangeResync, Records: &records})
	for _, seq := range missed {
		b.echoes.arrived(seq)
	}
	return nil
}

// receive applies notifications until the connection fails or the backend
// closes.
func (b *Backend) receive(conn *pgx.Conn) error {
	for {
		ctx, cancel := context.WithTimeout(b.ctx, listenQuiet)
		n, err := conn.WaitForNotification(ctx)
		cancel()
		switch {
		case b.ctx.Err() != nil:
			return b.ctx.Err()
		case errors.Is(err, context.DeadlineExceeded):
			ping, cancel := context.WithTimeout(b.ctx, listenPing)
			err = conn.Ping(ping)
			cancel()
			if err != nil {
				return err
			}
			continue
		case err != nil:
			return err
		}
		note, err := decodeNotice(n.Payload)
		if err != nil {
			b.logger.Warn("notification ignored", "err", err)
			continue
		}
		if note.Kind == noticeResync {
			if err := b.resync(); err != nil {
				return err
			}
			continue
		}
		change, err := note.change()
		if err != nil {
			b.logger.Warn("notification ignored", "err", err)
			continue
		}
		b.applyChanges(change)
		if note.Node == b.node && note.Seq != 0 {
			b.echoes.arrived(note.Seq)
		}
	}
}

// applyChanges hands changes to the store.
func (b *Backend) applyChanges(changes ...store.Change) {
	for _, c := range changes {
		b.apply(c)
	}
}
