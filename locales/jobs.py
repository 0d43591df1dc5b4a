"""Messages of background work: the operators' jobs page (internal/platform/jobs/jobsweb).
messages.py merges them into locales/{az,en,ru}.json."""

S = {
 "payroll.cancel_preparation": ("Hazırlığı dayandır", "Stop the preparation", "Остановить подготовку"),
 "nav.jobs": ("Fon işləri", "Background jobs", "Фоновые задания"),
 "jobs.title": ("Fon işləri", "Background jobs", "Фоновые задания"),
 "jobs.intro": ("Bütün serverlərdə başladılmış uzun işlər: kim başladıb, nə qədəri görülüb, sonuncu dəfə nə vaxt həyat əlaməti verib və necə bitib. Uğursuz və ya ləğv edilmiş işi yenidən başladın; gedən işi ləğv edin. Ödəniş hazırlığı üçün proqramın qurumunda ödəniş icazəsi lazımdır.",
               "Long work started on every server: who started it, how far it has gone, when it last showed a sign of life and how it ended. Run a failed or cancelled job again; cancel one under way. A payroll preparation needs the payment permission in its programme's institution.",
               "Длительная работа, запущенная на всех серверах: кто её запустил, сколько сделано, когда она последний раз подавала признаки жизни и чем закончилась. Запустите снова неудавшееся или отменённое задание; отмените выполняющееся. Для подготовки выплат нужно право на выплаты в учреждении программы."),
 "jobs.none": ("Hələ heç bir iş başladılmayıb.", "No job has been started yet.", "Заданий ещё не запускали."),
 "jobs.kind": ("İş", "Job", "Задание"),
 "jobs.started_by": ("Başladan", "Started by", "Кто запустил"),
 "jobs.created": ("Başladılıb", "Started at", "Запущено"),
 "jobs.state": ("Vəziyyət", "State", "Состояние"),
 "jobs.progress": ("Gedişat", "Progress", "Ход"),
 "jobs.heartbeat": ("Son həyat əlaməti", "Last sign of life", "Последний признак жизни"),
 "jobs.reason": ("Xətanın səbəbi", "Reason of failure", "Причина сбоя"),
 "jobs.retry": ("Yenidən başlat", "Run again", "Запустить снова"),
 "jobs.cancel": ("Ləğv et", "Cancel", "Отменить"),
 "jobs.stalled": ("cavab vermir: başqa server onu yenidən başladacaq", "not responding: another server will run it again", "не отвечает: другой сервер запустит его снова"),
 "jobs.cancelling": ("ləğv edilir…", "being cancelled…", "отменяется…"),
 "jobs.state.queued": ("növbədədir", "queued", "в очереди"),
 "jobs.state.running": ("gedir", "running", "выполняется"),
 "jobs.state.retrying": ("uğursuz cəhd, yenidən cəhd ediləcək", "attempt failed, will be tried again", "попытка не удалась, будет повторена"),
 "jobs.state.done": ("bitib", "done", "завершено"),
 "jobs.state.failed": ("uğursuz", "failed", "не удалось"),
 "jobs.state.cancelled": ("ləğv edilib", "cancelled", "отменено"),
}
