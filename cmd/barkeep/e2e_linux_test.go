//go:build linux

package main

import "syscall"

// A test binary that dies without running its clean-ups (a -timeout panic,
// a kill) must not leave servers behind: the kernel stops them.
func init() {
	serverProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
}
