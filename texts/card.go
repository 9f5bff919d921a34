package texts

import (
	"strconv"
	"strings"

	"barkeep/data"

	"github.com/charmbracelet/x/ansi"
)

// Card is one cocktail as its card shows it to one account.
type Card struct {
	Cocktail data.Cocktail
	Likes    int
	Liked    bool // by the account the card is for
	// LikeHint follows the count when the account does not like the
	// cocktail: how it would ("press l to like it").
	LikeHint string
	// WithID puts the cocktail's id after its name, for the commands,
	// which take it as an argument.
	WithID   bool
	Units    Units
	Servings int // 0 is 1
	// AtHand is what the account's bar stands in for (store.AtHand). When
	// it is set, each ingredient is ticked when at hand and marked when not.
	AtHand map[string]bool
}

// Part is what a line of a card is, for the TUI to style it.
type Part int

const (
	PartName Part = iota
	PartMeta
	PartLikes
	PartLiked
	PartBlank
	PartHeading
	PartIngredient
	PartNote // a hint under the ingredients
	PartProse
)

// The marks before an ingredient when the account has a bar.
const (
	MarkHave = "✓"
	MarkLack = "✗"
)

// Line is one line of a card. An ingredient line has its parts apart as
// well: its mark, its measure (padded so that the names line up) and the
// ingredient's name; Text is them together.
type Line struct {
	Part                Part
	Text                string
	Mark, Measure, Name string
}

// indent is how far a section's lines sit in from its heading.
const indent = "  "

// Lines lays the card out for width cells; prose is wrapped at
// ReadingWidth at most.
func (c Card) Lines(width int) []Line {
	cocktail := c.Cocktail
	width = max(width, 10)
	prose := min(width, ReadingWidth) - len(indent)
	servings := max(c.Servings, 1)

	name := cocktail.Name
	if c.WithID {
		name += " (" + cocktail.ID + ")"
	}
	lines := []Line{{Part: PartName, Text: ansi.Truncate(name, width, "…")}}
	meta := strings.Join([]string{cocktail.Category, cocktail.Base, cocktail.Glass + " glass", cocktail.Method}, " · ")
	for _, line := range Wrap(meta, min(width, ReadingWidth)) {
		lines = append(lines, Line{Part: PartMeta, Text: line})
	}
	switch {
	case c.Liked:
		lines = append(lines, Line{Part: PartLiked, Text: "♥ " + Likes(c.Likes) + " · you like it"})
	case c.LikeHint != "":
		lines = append(lines, Line{Part: PartLikes, Text: "♡ " + Likes(c.Likes) + " · " + c.LikeHint})
	default:
		lines = append(lines, Line{Part: PartLikes, Text: "♡ " + Likes(c.Likes)})
	}

	heading := "Ingredients"
	if servings > 1 {
		heading += " for " + strconv.Itoa(servings)
	}
	lines = append(lines, Line{Part: PartBlank}, Line{Part: PartHeading, Text: heading})
	measures := make([]string, len(cocktail.Ingredients))
	measureWidth := 0
	for i, ing := range cocktail.Ingredients {
		measures[i] = Measure(ing, c.Units, servings)
		measureWidth = max(measureWidth, ansi.StringWidth(measures[i]))
	}
	ticked := c.AtHand != nil
	lacking := 0
	for i, ing := range cocktail.Ingredients {
		line := Line{Part: PartIngredient, Name: ing.Name}
		line.Measure = strings.Repeat(" ", measureWidth-ansi.StringWidth(measures[i])) + measures[i]
		text := indent
		if ticked {
			line.Mark = MarkHave
			if !c.AtHand[ing.Name] {
				line.Mark = MarkLack
				lacking++
			}
			text += line.Mark + " "
		}
		line.Text = ansi.Truncate(text+line.Measure+"  "+line.Name, width, "…")
		lines = append(lines, line)
	}
	if lacking > 0 {
		note := "(" + MarkLack + ": not in your bar)"
		lines = append(lines, Line{Part: PartNote, Text: ansi.Truncate(indent+note, width, "…")})
	}
	if cocktail.Garnish != "" {
		garnish := cocktail.Garnish
		if servings > 1 {
			garnish += ", on each glass"
		}
		lines = append(lines, Line{Part: PartBlank}, Line{Part: PartHeading, Text: "Garnish"})
		for _, line := range Wrap(garnish, prose) {
			lines = append(lines, Line{Part: PartProse, Text: indent + line})
		}
	}
	lines = append(lines, Line{Part: PartBlank}, Line{Part: PartHeading, Text: "How to make it"})
	for _, line := range Wrap(cocktail.Instructions, prose) {
		lines = append(lines, Line{Part: PartProse, Text: indent + line})
	}
	return lines
}

// Text is the card as plain text, a line each, for the commands and the
// clipboard.
func (c Card) Text(width int) string {
	var b strings.Builder
	for _, line := range c.Lines(width) {
		b.WriteString(line.Text)
		b.WriteByte('\n')
	}
	return b.String()
}
