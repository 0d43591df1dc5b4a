"""Messages added for the back office issue (#12): payroll forms, error pages.
messages.py merges them into locales/{az,en,ru}.json."""

S = {
 "payroll.choose_program": ("— proqramı seçin —", "— choose a programme —", "— выберите программу —"),
 "payroll.program_required": ("Proqramı seçin.", "Choose a programme.", "Выберите программу."),
 "payroll.empty": ("Bu dövrdə ödəniləcək heç bir sətir yoxdur: təsdiq ediləcək bir şey yoxdur.", "This cycle has no line to pay for its month: there is nothing to approve.", "В этом цикле нет ни одной строки к выплате: утверждать нечего."),
 "payroll.exported": ("Bank faylları hazırlandı.", "The bank files are ready.", "Банковские файлы подготовлены."),
 "error.method": ("Bu ünvan belə sorğunu qəbul etmir.", "This address does not take this kind of request.", "Этот адрес не принимает такой запрос."),
 "error.back": ("Başlanğıc səhifəyə qayıt", "Back to the start page", "Вернуться на начальную страницу"),
}
