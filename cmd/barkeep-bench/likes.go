package main

// Live likes: one session likes a cocktail; the sessions that show its row
// must see the count change, and the others must not be disturbed.

import (
	"fmt"
	"sync"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// likeFigures are the results of the like phase.
type likeFigures struct {
	Cocktail string `json:"cocktail"`
	Watchers int    `json:"watchers"` // sessions that show the cocktail, the liker aside
	Others   int    `json:"others"`   // sessions that do not show it
	Likes    int    `json:"likes"`    // likes and unlikes sent, one at a time
	ReachMs  dist   `json:"reach_ms"` // from the key press to a watcher's screen showing the new count
	// ReachOtherNodeMs is ReachMs for the watchers on another node than
	// the liker's, when there are several.
	ReachOtherNodeMs *dist `json:"reach_other_node_ms,omitempty"`
	Reached          int   `json:"reached"` // watcher screens that showed the new count, of Watchers x Likes
	// NotifiedPerLike is the server's likes_notified counter's rise per
	// like: sessions handed the change, the liker's own included.
	NotifiedPerLike float64 `json:"notified_per_like"`
	// WatchersRepaintedPerLike counts, per like, the watchers that
	// received output.
	WatchersRepaintedPerLike float64 `json:"watchers_repainted_per_like"`
	// OthersRepainted counts, over all likes, the times a session that does
	// not show the cocktail received output: zero when likes cost only
	// where they are seen.
	OthersRepainted int `json:"others_repainted"`
}

// likeSettle is how long after a like the sessions are watched for output
// that it may still cause.
const likeSettle = 500 * time.Millisecond

// measureLikes has cfg.watchers of the sessions filter the list down to
// the cocktail, the others scroll to the end of the list, and one more
// session like and unlike it cfg.likeRounds times.
func measureLikes(cfg config, srv *cluster, clients []*client, cat catalogInfo, likerKey gossh.Signer, errs *errorLog) (*likeFigures, error) {
	name := cat.likeName
	lastName := cat.names[len(cat.names)-1]
	watchers := clients[:min(cfg.watchers, len(clients))]
	others := clients[len(watchers):]
	lf := &likeFigures{Cocktail: name, Watchers: len(watchers), Others: len(others), Likes: cfg.likeRounds}

	liker, err := connect(srv.addrFor(0), "liker", likerKey)
	if err != nil {
		return lf, fmt.Errorf("the liking session: %w", err)
	}
	defer liker.close()
	if _, ok := liker.term.waitFor(time.Now().Add(cfg.timeout), func(s string) bool { return fullFrame(s, cat.names[0]) }); !ok {
		return lf, fmt.Errorf("the liking session never showed its first frame")
	}

	// Watchers (and the liker) filter by the name, which leaves the one
	// row, selected; the help line is back once enter has applied the
	// filter. The others go to the end of the list, far from the row.
	filter := "/" + name + "\r"
	showsIt := func(s string) bool { return selectedIs(s, name) && fullFrame(s, name) }
	atEnd := func(s string) bool { return selectedIs(s, lastName) }
	var wg sync.WaitGroup
	for _, c := range append([]*client{liker}, watchers...) {
		wg.Go(func() { drive(c, filter, showsIt, cfg.timeout, errs) })
	}
	for _, c := range others {
		wg.Go(func() { drive(c, "G", atEnd, cfg.timeout, errs) })
	}
	wg.Wait()
	// The filter's cursor blinks a few more times after it is applied.
	time.Sleep(settle)

	count := likesOnRow(liker.term.screen(), name)
	if count < 0 {
		return lf, fmt.Errorf("the liking session shows no count for %s:\n%s", name, liker.term.screen())
	}
	var reach, reachOther []float64
	var notified, watchersRepainted float64
	for round := range cfg.likeRounds {
		want := count + 1
		if round%2 == 1 {
			want = count // every other press takes the like back
		}
		outputBefore := make([]int64, len(clients))
		for i, c := range clients {
			outputBefore[i] = c.term.bytes()
		}
		notifiedBefore := srv.counter("likes_notified")

		pressed := time.Now()
		if err := liker.press("l"); err != nil {
			return lf, err
		}
		seenAt := make([]time.Time, len(watchers))
		for i, c := range watchers {
			wg.Go(func() {
				seenAt[i], _ = c.term.waitFor(pressed.Add(cfg.timeout), func(s string) bool { return likesOnRow(s, name) == want })
			})
		}
		wg.Wait()
		if _, ok := liker.term.waitFor(pressed.Add(cfg.timeout), func(s string) bool { return likesOnRow(s, name) == want }); !ok {
			errs.add("like %d: the liking session never showed %d", round+1, want)
		}
		time.Sleep(likeSettle)

		for i, at := range seenAt {
			if at.IsZero() {
				errs.add("like %d: watcher %d did not show %d within %v", round+1, i, want, cfg.timeout)
				continue
			}
			reach = append(reach, millis(at.Sub(pressed)))
			if watchers[i].node != liker.node {
				reachOther = append(reachOther, millis(at.Sub(pressed)))
			}
		}
		notified += srv.counter("likes_notified") - notifiedBefore
		for i, c := range clients {
			if c.term.bytes() == outputBefore[i] {
				continue
			}
			if i < len(watchers) {
				watchersRepainted++
			} else {
				lf.OthersRepainted++
			}
		}
	}
	lf.ReachMs = distOf(reach)
	if len(srv.nodes) > 1 {
		other := distOf(reachOther)
		lf.ReachOtherNodeMs = &other
	}
	lf.Reached = len(reach)
	if cfg.likeRounds > 0 {
		lf.NotifiedPerLike = notified / float64(cfg.likeRounds)
		lf.WatchersRepaintedPerLike = watchersRepainted / float64(cfg.likeRounds)
	}
	return lf, nil
}

// drive presses keys and waits for the screen to show their effect.
func drive(c *client, keys string, done func(screen string) bool, timeout time.Duration, errs *errorLog) {
	if err := c.press(keys); err != nil {
		errs.add("press %q: %v", keys, err)
		return
	}
	if _, ok := c.term.waitFor(time.Now().Add(timeout), done); !ok {
		errs.add("after %q the screen never showed the expected row; it shows:\n%s", keys, c.term.screen())
	}
}
