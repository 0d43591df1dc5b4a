"""Messages of names given in every language (i18n.Text): the label of each language's field
in a form. messages.py merges them into locales/{az,en,ru}.json."""

S = {
 "text.in_language": ("{{.Name}} ({{.Language}})", "{{.Name}} ({{.Language}})", "{{.Name}} ({{.Language}})"),
 "text.language.az": ("azərbaycanca", "Azerbaijani", "на азербайджанском"),
 "text.language.en": ("ingiliscə", "English", "на английском"),
 "text.language.ru": ("rusca", "Russian", "на русском"),
 "text.name": ("Ad", "Name", "Название"),
}
