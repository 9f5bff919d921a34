package command

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"barkeep/store"
)

// writeTable prints one cocktail a line: id, name, base and likes, and what
// is missing when missing is given.
func writeTable(w io.Writer, cocktails []store.Liked, missing [][]string) error {
	if len(cocktails) == 0 {
		_, err := fmt.Fprintln(w, "(no cocktails)")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	header := "ID\tNAME\tBASE\tLIKES"
	if missing != nil {
		header += "\tMISSING"
	}
	fmt.Fprintln(tw, header)
	for i, c := range cocktails {
		line := fmt.Sprintf("%s\t%s\t%s\t%d", c.ID, c.Name, c.Base, c.Likes)
		if missing != nil {
			line += "\t" + strings.Join(missing[i], ", ")
		}
		fmt.Fprintln(tw, line)
	}
	return tw.Flush()
}

// cardWidth is where a card's instructions wrap.
const cardWidth = 72

// writeCard prints one cocktail whole, as the detail view shows it.
func writeCard(w io.Writer, c store.Liked, likedByMe bool) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s)\n", c.Name, c.ID)
	fmt.Fprintf(&b, "%s · %s · %s glass · %s\n", c.Category, c.Base, c.Glass, c.Method)
	if likedByMe {
		fmt.Fprintf(&b, "♥ %s · you like it\n", likesText(c.Likes))
	} else {
		fmt.Fprintf(&b, "♡ %s\n", likesText(c.Likes))
	}
	b.WriteString("\nIngredients\n")
	measureWidth := 0
	for _, ing := range c.Ingredients {
		measureWidth = max(measureWidth, len([]rune(ing.Measure())))
	}
	for _, ing := range c.Ingredients {
		fmt.Fprintf(&b, "  %*s  %s\n", measureWidth, ing.Measure(), ing.Name)
	}
	if c.Garnish != "" {
		fmt.Fprintf(&b, "\nGarnish\n  %s\n", c.Garnish)
	}
	b.WriteString("\nHow to make it\n")
	for _, line := range wrap(c.Instructions, cardWidth-2) {
		fmt.Fprintf(&b, "  %s\n", line)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// wrap breaks text into lines of at most width characters at spaces.
func wrap(text string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		switch {
		case line == "":
			line = word
		case len([]rune(line))+1+len([]rune(word)) <= width:
			line += " " + word
		default:
			lines = append(lines, line)
			line = word
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}
