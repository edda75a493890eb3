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
		if osMetadata[strings.ToLower(path.Base(rel))] {
			continue
		}
		r.Problem(records.Problem{Path: rel, Line: 1, Col: 1,
			Message: strayWhat(rel) + " is not a record: it is personal data outside the records' rules, and git commits it with them"})
	}
}

// osMetadata are files Windows and macOS make in any folder a coach opens
// (thumbnail caches, folder settings): they hold no records, and reporting
// them as errors would block every commit from a Windows machine.
var osMetadata = map[string]bool{"thumbs.db": true, "ehthumbs.db": true, "desktop.ini": true, "icon\r": true}

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
