"""Messages of institution scope and of the analyst's aggregates-only dry runs.
messages.py merges them into locales/{az,en,ru}.json."""

S = {
 "invalid.rule_identifying": (
  "Sətir {{.Line}}, sütun {{.Column}}: qayda şəxsi tanıdan “{{.Field}}” məlumatını oxuya bilməz (FİN, ad, ünvan, telefon, e-poçt, IBAN). Yaş, cins, kateqoriyalar, gəlir və əlillik kimi məlumatlardan istifadə edin.",
  "Line {{.Line}}, column {{.Column}}: a rule cannot read “{{.Field}}”, which identifies a person (FİN, names, address, phone, e-mail, IBAN). Use facts such as age, sex, categories, income and disability.",
  "Строка {{.Line}}, столбец {{.Column}}: правило не может читать «{{.Field}}» — это данные, по которым узнают человека (ФИН, имя, адрес, телефон, e-mail, IBAN). Используйте такие сведения, как возраст, пол, категории, доход и инвалидность."),
 "dryrun.privacy": (
  "10-dan az olan saylar “< 10” kimi göstərilir. Nümunələrdə FİN və ad yoxdur: hər hal yalnız bu hesablama daxilində keçərli olan təxəllüslə göstərilir; göstərilən şəxslər audit jurnalına yazılır.",
  "Counts below 10 are shown as “< 10”. Samples carry no FİN or name: each case has a pseudonym valid within this run only, and the persons shown are recorded in the audit log.",
  "Числа меньше 10 показываются как «< 10». В примерах нет ФИН и имён: у каждого случая псевдоним, действующий только в пределах этого расчёта; показанные лица записываются в журнал аудита."),
 "dryrun.withheld": ("10-dan az hal: göstərilmir", "fewer than 10 cases: not shown", "менее 10 случаев: не показывается"),
}
