package authz

// AlertRead lets a staff member read the alert feed of high-value changes (grants, overrides,
// IBAN changes, statement imports, two-factor resets) made one level below them: the
// institution's administrators and auditors watch the institutions beneath it.
const AlertRead Permission = "alert.read"

// The alert feed is for administrators and auditors. Kept beside the permission, so that
// the maker–checker work touches no line of the shared matrix.
func init() {
	Policy[Admin] = append(Policy[Admin], AlertRead)
	Policy[Auditor] = append(Policy[Auditor], AlertRead)
}
