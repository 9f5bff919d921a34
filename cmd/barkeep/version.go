package main

import (
	"runtime/debug"
	"strings"
)

// version is what barkeep --version prints: the module's version and the
// commit the binary was built from, as the Go toolchain recorded them.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "barkeep (version unknown)"
	}
	var revision, modified, goVersion []string
	for _, s := range info.Settings {
		switch {
		case s.Key == "vcs.revision":
			revision = append(revision, s.Value[:min(len(s.Value), 12)])
		case s.Key == "vcs.modified" && s.Value == "true":
			modified = append(modified, "with changes")
		}
	}
	goVersion = append(goVersion, info.GoVersion)
	details := strings.Join(append(append(revision, modified...), goVersion...), ", ")
	return "barkeep " + info.Main.Version + " (" + details + ")"
}
