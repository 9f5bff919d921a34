package tui

import (
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
)

// lazyInput is a one-line text input as every view's: a prompt, an example
// shown while it is empty, and a cap on what a paste can put in it. The
// textinput itself is built the first time it is needed: building one
// costs more than a session's whole first frame, and most sessions never
// type into most views.
type lazyInput struct {
	prompt, placeholder string
	limit               int

	width  int
	styles *textinput.Styles
	model  *textinput.Model // nil until needed
}

func newInput(prompt, placeholder string, limit int) lazyInput {
	return lazyInput{prompt: prompt, placeholder: placeholder, limit: limit}
}

func (in *lazyInput) built() *textinput.Model {
	if in.model == nil {
		model := textinput.New()
		model.Prompt = in.prompt
		model.Placeholder = in.placeholder
		model.CharLimit = in.limit
		model.SetWidth(in.width)
		if in.styles != nil {
			model.SetStyles(*in.styles)
		}
		in.model = &model
	}
	return in.model
}

func (in *lazyInput) Focused() bool { return in.model != nil && in.model.Focused() }

func (in *lazyInput) Value() string {
	if in.model == nil {
		return ""
	}
	return in.model.Value()
}

func (in *lazyInput) Focus() tea.Cmd { return in.built().Focus() }

func (in *lazyInput) Blur() {
	if in.model != nil {
		in.model.Blur()
	}
}

func (in *lazyInput) SetValue(value string) {
	if in.model != nil || value != "" {
		in.built().SetValue(value)
	}
}

func (in *lazyInput) CursorEnd() { in.built().CursorEnd() }

func (in *lazyInput) Update(msg tea.Msg) tea.Cmd {
	model := in.built()
	var cmd tea.Cmd
	*model, cmd = model.Update(msg)
	return cmd
}

func (in *lazyInput) View() string { return in.built().View() }

func (in *lazyInput) SetWidth(width int) {
	in.width = width
	if in.model != nil {
		in.model.SetWidth(width)
	}
}

func (in *lazyInput) SetStyles(styles *textinput.Styles) {
	in.styles = styles
	if in.model != nil {
		in.model.SetStyles(*styles)
	}
}

// The pages with an input take the styles of a new background.
func (p *catalogPage) setInputStyles(st *Styles) { p.filter.SetStyles(&st.Input) }
func (p *searchPage) setInputStyles(st *Styles)  { p.input.SetStyles(&st.Input) }
func (p *barPage) setInputStyles(st *Styles)     { p.input.SetStyles(&st.Input) }
func (p *accountPage) setInputStyles(st *Styles) { p.input.SetStyles(&st.Input) }
