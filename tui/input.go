package tui

import "charm.land/bubbles/v2/textinput"

// newInput is a one-line text input as every view's: a prompt, an example
// shown while it is empty, and a cap on what a paste can put in it.
func newInput(prompt, placeholder string, limit int) textinput.Model {
	input := textinput.New()
	input.Prompt = prompt
	input.Placeholder = placeholder
	input.CharLimit = limit
	return input
}
