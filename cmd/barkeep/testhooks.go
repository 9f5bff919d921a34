//go:build barkeep_testhooks

package main

import "charm.land/ssh"

// The end-to-end tests build the server with this file: a session whose
// user name asks for it panics, so that the tests can show that a panic
// ends that session only.
func init() {
	testMiddlewares = append(testMiddlewares, func(next ssh.Handler) ssh.Handler {
		return func(sess ssh.Session) {
			if sess.User() == "panic-in-session" {
				panic("a panic asked for by a test")
			}
			next(sess)
		}
	})
}
