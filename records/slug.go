package records

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Letters that Unicode does not decompose into an ASCII base letter, and the
// Greek and Cyrillic alphabets, spelled the way a client would write their
// own name in Latin letters.
var translit = map[rune]string{
	'ł': "l", 'đ': "d", 'ø': "o", 'ß': "ss", 'æ': "ae", 'œ': "oe", 'þ': "th", 'ð': "d", 'ı': "i", 'ħ': "h", 'ŀ': "l",
	'α': "a", 'β': "v", 'γ': "g", 'δ': "d", 'ε': "e", 'ζ': "z", 'η': "i", 'θ': "th", 'ι': "i", 'κ': "k", 'λ': "l",
	'μ': "m", 'ν': "n", 'ξ': "x", 'ο': "o", 'π': "p", 'ρ': "r", 'σ': "s", 'ς': "s", 'τ': "t", 'υ': "y", 'φ': "f",
	'χ': "ch", 'ψ': "ps", 'ω': "o",
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "e", 'ж': "zh", 'з': "z", 'и': "i", 'й': "i",
	'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ф': "f",
	'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch", 'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "iu", 'я': "ia",
	'і': "i", 'ї': "i", 'є': "ie", 'ґ': "g",
}

// Greek diphthongs read as one sound: "ου" is "ou", not "oy".
var greekPairs = strings.NewReplacer("ου", "ou", "αυ", "av", "ευ", "ev", "μπ", "b", "ντ", "nt")

// Slug makes a client id from a name: lower-case ASCII letters and digits
// separated by single hyphens. "Zoë Łukasiewicz" becomes "zoe-lukasiewicz".
// The result is always a ValidID, or "" when the name has no letter or digit
// it can spell; a reserved word gets "-client" after it.
func Slug(name string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	plain, _, err := transform.String(t, strings.ToLower(name))
	if err != nil {
		plain = strings.ToLower(name)
	}
	plain = greekPairs.Replace(plain)
	var b strings.Builder
	hyphen := false
	for _, r := range plain {
		s, known := translit[r]
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			s = string(r)
		case known && s == "":
			continue // a letter with no sound of its own, such as the soft sign
		case !known:
			hyphen = b.Len() > 0
			continue
		}
		if hyphen {
			b.WriteByte('-')
			hyphen = false
		}
		b.WriteString(s)
	}
	out := b.String()
	if len(out) > MaxIDLength {
		out = strings.TrimRight(out[:MaxIDLength], "-")
	}
	if reservedIDs[out] {
		// A client called Con or Index still gets an id that works.
		out += "-client"
	}
	return out
}

// MaxIDLength keeps client folder names readable and well within file-system limits.
const MaxIDLength = 64

var idRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// reservedIDs are names that would collide with rapport's own output folders
// or that some file systems refuse.
var reservedIDs = map[string]bool{
	"coach": true, "index": true, "public": true, "templates": true, "clients": true,
	"con": true, "prn": true, "aux": true, "nul": true,
	"com1": true, "com2": true, "com3": true, "com4": true, "com5": true, "com6": true, "com7": true, "com8": true, "com9": true,
	"lpt1": true, "lpt2": true, "lpt3": true, "lpt4": true, "lpt5": true, "lpt6": true, "lpt7": true, "lpt8": true, "lpt9": true,
}

// ValidID reports why id cannot be a client id, or nil when it can. A valid id
// can never name a path outside the clients folder.
func ValidID(id string) error {
	switch {
	case id == "":
		return fmt.Errorf("client id is empty")
	case len(id) > MaxIDLength:
		return fmt.Errorf("client id %q is longer than %d characters", id, MaxIDLength)
	case !idRE.MatchString(id):
		return fmt.Errorf("client id %q must be lower-case letters, digits and single hyphens, such as alice-smith", id)
	case reservedIDs[id]:
		return fmt.Errorf("client id %q is reserved", id)
	}
	return nil
}
