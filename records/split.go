package records

import (
	"bytes"
	"errors"
)

// errNoFrontmatter is splitFrontmatter's answer for a record without a
// complete --- block.
var errNoFrontmatter = errors.New("no frontmatter")

// splitFrontmatter finds the YAML between the first two --- lines, skipping
// blank lines before the first, and returns it and the body after the
// second, both sharing data's memory. It reads a record the way
// github.com/adrg/frontmatter does, without copying it line by line: on a
// large practice that copying cost as much as the YAML itself.
func splitFrontmatter(data []byte) (yaml, body []byte, err error) {
	rest := data
	start := -1
	for len(rest) > 0 {
		line, next := cutLine(rest)
		off := len(data) - len(rest)
		rest = next
		t := bytes.TrimSpace(line)
		if len(t) == 0 {
			continue
		}
		if string(t) != "---" {
			return nil, nil, errNoFrontmatter
		}
		start = off + len(line)
		break
	}
	if start < 0 {
		return nil, nil, errNoFrontmatter
	}
	for len(rest) > 0 {
		off := len(data) - len(rest)
		line, next := cutLine(rest)
		rest = next
		if string(bytes.TrimSpace(line)) == "---" {
			return data[start:off], data[off+len(line):], nil
		}
	}
	return nil, nil, errNoFrontmatter
}

// cutLine splits off the first line, keeping its newline.
func cutLine(b []byte) (line, rest []byte) {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return b[:i+1], b[i+1:]
	}
	return b, nil
}

// tabIndented is the first line (from 1) of yaml whose indentation holds a
// tab, or 0.
func tabIndented(yaml []byte) int {
	for n := 1; len(yaml) > 0; n++ {
		var line []byte
		line, yaml = cutLine(yaml)
		for _, c := range line {
			if c == '\t' {
				return n
			}
			if c != ' ' {
				break
			}
		}
	}
	return 0
}
