"""Messages of the web plumbing: body limits, rate limits, CSV exports and the public
rating and check-in pages. messages.py merges them into locales/{az,en,ru}.json."""

S = {
 "error.too_large": ("Sorğu çox böyükdür: ən çox {{.Max}} MB göndərmək olar.", "The request is too large: at most {{.Max}} MB can be sent.", "Запрос слишком велик: можно отправить не более {{.Max}} МБ."),
 "error.no_files": ("Bu forma fayl qəbul etmir.", "This form does not take files.", "Эта форма не принимает файлы."),
 "error.rate_limited": ("Çox sayda sorğu. Bir az gözləyib yenidən cəhd edin.", "Too many requests. Please wait a little and try again.", "Слишком много запросов. Подождите немного и попробуйте снова."),
 "invalid.booking_fin": ("Bu günə bu nömrə və FİN ilə qeydiyyat yoxdur.", "No booking for today with this number and FİN.", "Записи на сегодня с этим номером и ФИН нет."),
 "kiosk.checkin_fin": ("Şəxsiyyət vəsiqənizdəki FİN", "The FİN on your ID card", "ФИН из вашего удостоверения личности"),
}
