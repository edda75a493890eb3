package check

import (
	"path"
	"strings"

	"github.com/rapport-coach/rapport/records"
)

// RuleStrayFile reports files in a client's folder that are not records.
const RuleStrayFile = "stray-file"

// strayFile: what is not a record in a client's folder, such as an export
// archive written there or a handout saved beside the notes. Hidden files
// (.DS_Store, an editor's folder) are left alone, as the loader leaves them.
func strayFile(in *In, r Report) {
	for _, rel := range in.Client.Others {
		r.Problem(records.Problem{Path: rel, Line: 1, Col: 1,
			Message: strayWhat(rel) + " is not a record: it is personal data outside the records' rules, and git commits it with them"})
	}
}

// strayWhat names the kind of file for the message.
func strayWhat(rel string) string {
	switch strings.ToLower(path.Ext(rel)) {
	case ".zip", ".7z", ".tar", ".gz", ".tgz", ".rar":
		return "an archive"
	case ".pdf", ".html", ".htm":
		return "a rendered document"
	case ".doc", ".docx", ".odt", ".rtf", ".txt", ".pages":
		return "a document"
	case ".jpg", ".jpeg", ".png", ".heic", ".gif", ".tif", ".tiff":
		return "an image"
	}
	return "a file"
}
