package demo

// Names a demo country is built from: common Azerbaijani given names and surnames, in the
// spelling of identity documents. Surnames are in the male form; feminine adds -a to -ov/-yev.
var (
	maleNames = []string{"Əli", "Məmməd", "Hüseyn", "Həsən", "Rəşad", "Elvin", "Orxan", "Tural",
		"Kamran", "Elnur", "Ramil", "Vüqar", "Anar", "Rauf", "Fərid", "Nicat", "Ceyhun", "Emin",
		"Səbuhi", "Zaur", "Elçin", "Cavid", "Nurlan", "Rövşən", "Şahin", "Elşən", "Teymur", "Fuad",
		"İlqar", "Vaqif", "Qasım", "Mübariz", "Tofiq", "Namiq", "Rəhim", "Kənan", "Murad", "Yusif",
		"İbrahim", "Ramin", "Toğrul", "Samir", "Xəyal", "Çingiz", "Cəfər", "Xəlil", "Rüstəm",
		"Vüsal", "Aydın", "Əkbər"}
	femaleNames = []string{"Aysel", "Günay", "Leyla", "Nərmin", "Sevinc", "Aynur", "Könül",
		"Ülviyyə", "Səbinə", "Gülnar", "Fidan", "Nigar", "Aytən", "Lalə", "Zəhra", "Mələk", "Şəbnəm",
		"Xədicə", "Fatimə", "Sevda", "Türkan", "Aygün", "Gülşən", "Esmira", "Rəna", "Samirə",
		"Vüsalə", "Jalə", "Zərifə", "Həcər", "Kəmalə", "Nailə", "Pərvin", "Sənubər", "Ulduz",
		"Yeganə", "Zülfiyyə", "Afaq", "Dilarə", "Mehriban"}
	// commonSurnames are drawn more often, as in the real population.
	commonSurnames = []string{"Məmmədov", "Məmmədov", "Məmmədov", "Əliyev", "Əliyev", "Həsənov", "Hüseynov"}
	surnames       = []string{"Məmmədov", "Əliyev", "Həsənov", "Hüseynov", "Quliyev", "İsmayılov",
		"Abbasov", "Cəfərov", "Rəhimov", "Qasımov", "Xəlilov", "Əhmədov", "Bayramov", "Səfərov",
		"Nəsirov", "Orucov", "Kərimov", "Sultanov", "Rzayev", "Novruzov", "Musayev", "Vəliyev",
		"Babayev", "Süleymanov", "İbrahimov", "Hacıyev", "Mustafayev", "Əsədov", "Qurbanov",
		"Şükürov", "Nağıyev", "Zeynalov", "Hümbətov", "Allahverdiyev", "Əkbərov", "Talıbov",
		"Paşayev", "Kazımov", "Salmanov", "Cavadov", "Rəsulzadə", "Əlizadə", "Hacıbəyli"}
	streets = []string{"Nizami küç.", "Füzuli küç.", "Azadlıq pr.", "Heydər Əliyev pr.",
		"Səməd Vurğun küç.", "Neftçilər pr.", "Atatürk pr.", "Bülbül pr.", "Üzeyir Hacıbəyli küç.",
		"Məhəmməd Hadi küç.", "Cəfər Cabbarlı küç.", "Xətai pr.", "Zərifə Əliyeva küç.",
		"Şərifzadə küç.", "Nəriman Nərimanov küç.", "Mirzə Fətəli Axundov küç."}
	banks       = []string{"IBAZ", "AIIB", "PAHA", "UBAZ", "BRES"}
	mobileCodes = []string{"50", "51", "55", "70", "77", "99", "10"}
	finAlphabet = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ" // no I or O, which read as 1 and 0
)

// feminine gives the female form of a surname.
func feminine(surname string) string {
	n := len(surname)
	if n > 2 && (surname[n-2:] == "ov" || surname[n-2:] == "ev") {
		return surname + "a"
	}
	return surname
}
