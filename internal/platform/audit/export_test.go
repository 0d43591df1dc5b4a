package audit

// Hash lets the attack tests recompute a chain the way an attacker would: with no key (key
// id emptied: plain SHA-256), or with a key of their own.
func Hash(e Entry, k Keyring) string {
	h, _ := e.computeHash(k)
	return h
}
