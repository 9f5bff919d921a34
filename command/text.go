package command

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"barkeep/store"
	"barkeep/texts"
)

// column is an extra column of a table: its header and, per row, its
// names.
type column struct {
	header string
	rows   [][]string
}

// writeTable prints one cocktail a line: id, name, base and likes, and the
// extra column when there is one (what is missing, what matched).
func writeTable(w io.Writer, cocktails []store.Liked, extra *column) error {
	if len(cocktails) == 0 {
		_, err := fmt.Fprintln(w, "(no cocktails)")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	header := "ID\tNAME\tBASE\tLIKES"
	if extra != nil {
		header += "\t" + extra.header
	}
	fmt.Fprintln(tw, header)
	for i, c := range cocktails {
		line := fmt.Sprintf("%s\t%s\t%s\t%d", c.ID, c.Name, c.Base, c.Likes)
		if extra != nil {
			line += "\t" + strings.Join(extra.rows[i], ", ")
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
