package command

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"barkeep/store"
	"barkeep/texts"
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

// cardWidth is the width a card is laid out for: its prose keeps to the
// reading width.
const cardWidth = 80

// writeCard prints one cocktail whole, as the TUI's card shows it.
func writeCard(w io.Writer, card texts.Card) error {
	card.WithID = true
	_, err := io.WriteString(w, card.Text(cardWidth))
	return err
}
