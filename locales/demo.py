"""Messages of demo mode: the banner every page of a demo installation carries and the demo's
simulated SMS inbox. messages.py merges them into locales/{az,en,ru}.json."""

S = {
 "demo.banner": ("DEMO: uydurma məlumatlar və açıq şifrələr. Real şəxsi məlumat daxil etməyin.",
                 "DEMO: made-up data and published passwords. Do not enter real personal data.",
                 "ДЕМО: вымышленные данные и общеизвестные пароли. Не вводите настоящие персональные данные."),
 "nav.demo_messages": ("Demo SMS", "Demo SMS", "Демо-SMS"),
 "demo.messages.title": ("Demo: göndərilmiş SMS və e-poçtlar", "Demo: SMS and e-mail sent", "Демо: отправленные SMS и письма"),
 "demo.messages.intro": ("Demo rejimində mesajlar telefona getmir: onları burada, simulyasiya olunmuş şlüzün gələnlər qutusunda oxuyun (məsələn, aktivləşdirmə kodunu). Ən yenisi yuxarıdadır.",
                         "In demo mode no message reaches a phone: read them here, in the simulated gateway's inbox (an activation code, say). Newest first.",
                         "В демо-режиме сообщения не уходят на телефон: читайте их здесь, во входящих симулятора шлюза (например, код активации). Новые сверху."),
 "demo.messages.none": ("Hələ heç bir mesaj göndərilməyib.", "No message has been sent yet.", "Сообщений пока не отправлено."),
 "demo.messages.at": ("Vaxt", "Time", "Время"),
 "demo.messages.to": ("Kimə", "To", "Кому"),
 "demo.messages.text": ("Mətn", "Text", "Текст"),
}
