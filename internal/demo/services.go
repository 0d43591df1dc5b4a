package demo

import (
	"context"
	"fmt"
	"strings"

	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/servicedesk"
)

// service is one row of the demo catalogue: code, direction, institution, names (az|en|ru),
// legal basis, channels, documents, refusal grounds, front/back-office minutes, deadline in
// working days, programme.
type service struct {
	code, dir, inst, names, law, channels, docs, grounds string
	front, back, days                                    int
	program                                              string
}

// catalogue is the demo's 35 services in the DOST centres' directions. Names follow the
// dost.gov.az service list; time standards follow its passports (15 + 15 minutes typical).
var catalogue = []service{
	{"01-01-01-00", "pensions", "SSPF", "Yaşa görə əmək pensiyasının təyin edilməsi|Assignment of an old-age labour pension|Назначение трудовой пенсии по возрасту", "“Əmək pensiyaları haqqında” Qanun, 2006", "centre,portal", "id_card,employment_record,bank_account", "age_requirement,record_length,incomplete_documents", 15, 30, 10, ""},
	{"01-01-02-00", "pensions", "SSPF", "Əlilliyə görə əmək pensiyasının təyin edilməsi|Assignment of a disability labour pension|Назначение трудовой пенсии по инвалидности", "“Əmək pensiyaları haqqında” Qanun, 2006", "centre,portal", "id_card,disability_certificate,employment_record", "record_length,incomplete_documents", 15, 30, 10, ""},
	{"01-01-03-00", "pensions", "SSPF", "Ailə başçısını itirməyə görə əmək pensiyası|Survivor's labour pension|Трудовая пенсия по потере кормильца", "“Əmək pensiyaları haqqında” Qanun, 2006", "centre,portal", "id_card,death_certificate,birth_certificate", "incomplete_documents,not_eligible", 15, 30, 10, ""},
	{"01-02-01-00", "pensions", "SSPF", "Pensiyanın yenidən hesablanması|Recalculation of a pension|Перерасчёт пенсии", "“Əmək pensiyaları haqqında” Qanun, 2006", "centre,portal,mobile", "id_card,employment_record", "incomplete_documents,not_eligible", 10, 30, 20, ""},
	{"01-03-01-00", "pensions", "SSPF", "Pensiyanın bank hesabına köçürülməsi|Payment of a pension into a bank account|Перечисление пенсии на банковский счёт", "“Əmək pensiyaları haqqında” Qanun, 2006", "centre,portal,call", "id_card,bank_account", "incomplete_documents", 10, 15, 5, ""},
	{"02-01-01-00", "tssa", "SSPF", "Ünvanlı dövlət sosial yardımının təyin edilməsi|Targeted state social assistance|Назначение адресной государственной социальной помощи", "“Ünvanlı dövlət sosial yardımı haqqında” Qanun, 2005", "centre,portal,mobile", "id_card,income_statement,residence_certificate", "income_above_threshold,false_information,incomplete_documents", 15, 30, 10, "TSSA"},
	{"02-01-02-00", "tssa", "SSPF", "Ünvanlı sosial yardımın müddətinin uzadılması|Renewal of targeted social assistance|Продление адресной социальной помощи", "“Ünvanlı dövlət sosial yardımı haqqında” Qanun, 2005", "centre,portal", "id_card,income_statement", "income_above_threshold,false_information", 10, 30, 10, "TSSA"},
	{"03-01-01-00", "social", "SSPF", "Uşağın doğulmasına görə birdəfəlik müavinət|One-off grant at the birth of a child|Единовременное пособие при рождении ребёнка", "“Sosial müavinətlər haqqında” Qanun, 2006", "centre,portal", "id_card,birth_certificate", "not_eligible,duplicate", 10, 15, 5, "BIRTH_GRANT"},
	{"03-01-02-00", "social", "SSPF", "Dəfn üçün müavinət|Funeral allowance|Пособие на погребение", "“Sosial müavinətlər haqqında” Qanun, 2006", "centre", "id_card,death_certificate", "not_eligible,duplicate", 10, 15, 5, ""},
	{"03-01-03-00", "social", "SSPF", "Üç yaşınadək uşağa qulluğa görə müavinət|Allowance for caring for a child under three|Пособие по уходу за ребёнком до трёх лет", "“Sosial müavinətlər haqqında” Qanun, 2006", "centre,portal", "id_card,birth_certificate", "not_eligible,incomplete_documents", 10, 20, 10, ""},
	{"04-01-01-00", "disability", "MSE", "Əlilliyin qiymətləndirilməsi|Assessment of disability|Оценка инвалидности", "“Əlilliyi olan şəxslərin hüquqları haqqında” Qanun, 2018", "centre,portal", "id_card,medical_report", "incomplete_documents,not_eligible", 15, 60, 10, ""},
	{"04-01-02-00", "disability", "MSE", "Əlilliyin təkrar qiymətləndirilməsi|Re-assessment of disability|Повторная оценка инвалидности", "“Əlilliyi olan şəxslərin hüquqları haqqında” Qanun, 2018", "centre,portal", "id_card,medical_report,disability_certificate", "incomplete_documents", 15, 60, 10, ""},
	{"04-02-01-00", "disability", "MSE", "Reabilitasiya vasitələri ilə təminat|Provision of rehabilitation aids|Обеспечение средствами реабилитации", "“Əlilliyi olan şəxslərin hüquqları haqqında” Qanun, 2018", "centre,portal", "id_card,disability_certificate,medical_report", "not_eligible,incomplete_documents", 15, 30, 20, ""},
	{"04-03-01-00", "disability", "SSPF", "Əlilliyə görə sosial müavinət|Disability social benefit|Социальное пособие по инвалидности", "“Sosial müavinətlər haqqında” Qanun, 2006", "centre,portal", "id_card,disability_certificate", "not_eligible", 10, 15, 5, "DISABILITY"},
	{"05-01-01-00", "employment", "SEA", "İşaxtaran kimi qeydiyyat|Registration as a job seeker|Регистрация в качестве ищущего работу", "“Məşğulluq haqqında” Qanun, 2018", "centre,portal,mobile", "id_card,diploma", "incomplete_documents,duplicate", 15, 10, 1, ""},
	{"05-01-02-00", "employment", "SEA", "İşsiz statusunun verilməsi|Recognition as unemployed|Признание безработным", "“Məşğulluq haqqında” Qanun, 2018", "centre,portal", "id_card,employment_record", "not_eligible,incomplete_documents", 15, 30, 10, ""},
	{"05-02-01-00", "employment", "SEA", "İşsizlikdən sığorta ödənişinin təyin edilməsi|Unemployment insurance benefit|Назначение страховой выплаты по безработице", "“İşsizlikdən sığorta haqqında” Qanun, 2017", "centre,portal", "id_card,employment_record,bank_account", "record_length,not_eligible", 15, 30, 10, ""},
	{"05-03-01-00", "employment", "SEA", "Özünüməşğulluq proqramına cəlb edilmə|Self-employment programme|Программа самозанятости", "“Məşğulluq haqqında” Qanun, 2018", "centre,portal", "id_card,diploma", "not_eligible,incomplete_documents", 20, 60, 20, ""},
	{"05-04-01-00", "employment", "SEA", "Haqqı ödənilən ictimai işlərə göndəriş|Referral to paid public works|Направление на оплачиваемые общественные работы", "“Məşğulluq haqqında” Qanun, 2018", "centre,portal", "id_card", "not_eligible", 15, 15, 5, ""},
	{"05-04-02-00", "employment", "SEA", "Peşə hazırlığı kursuna göndəriş|Referral to vocational training|Направление на профессиональное обучение", "“Məşğulluq haqqında” Qanun, 2018", "centre,portal", "id_card,diploma", "not_eligible,incomplete_documents", 15, 15, 10, ""},
	{"05-05-01-00", "employment", "SEA", "Kvota üzrə işə düzəlmə|Placement on a reserved (quota) job|Трудоустройство по квоте", "“Məşğulluq haqqında” Qanun, 2018", "centre,portal", "id_card,disability_certificate", "not_eligible", 15, 30, 10, ""},
	{"06-01-01-00", "labour", "SLI", "Əmək müqaviləsi bildirişinin qeydiyyatı|Registration of a labour contract notice|Регистрация уведомления о трудовом договоре", "Azərbaycan Respublikasının Əmək Məcəlləsi, maddə 48-1", "portal,centre", "labour_contract", "incomplete_documents,false_information", 10, 10, 1, ""},
	{"06-02-01-00", "labour", "SLI", "Əmək hüquqlarının pozulması barədə şikayət|Complaint about a violation of labour rights|Жалоба на нарушение трудовых прав", "Azərbaycan Respublikasının Əmək Məcəlləsi", "centre,portal,call", "id_card,labour_contract", "not_competent", 15, 60, 15, ""},
	{"06-03-01-00", "labour", "SLI", "Əmək stajı haqqında arayış|Certificate of employment record|Справка о трудовом стаже", "“Əmək pensiyaları haqqında” Qanun, 2006", "centre,portal", "id_card", "not_eligible", 10, 10, 3, ""},
	{"07-01-01-00", "martyrs", "SSPF", "Şəhid ailəsinə Prezident təqaüdü|Presidential pension for a martyr's family|Президентская пенсия семье шехида", "Azərbaycan Respublikası Prezidentinin Fərmanı, 2021", "centre,portal", "id_card,martyr_status", "not_eligible,duplicate", 15, 15, 5, "MARTYR_PENSION"},
	{"07-01-02-00", "martyrs", "SSPF", "Şəhidin vərəsələrinə birdəfəlik ödəniş|One-off payment to a martyr's heirs|Единовременная выплата наследникам шехида", "Azərbaycan Respublikası Prezidentinin Sərəncamı, 2020", "centre,portal", "id_card,martyr_status,death_certificate", "not_eligible,duplicate", 15, 15, 5, "MARTYR_HEIRS"},
	{"07-02-01-00", "martyrs", "SSPF", "Şəhid ailəsi statusunun təsdiqi|Confirmation of martyr's family status|Подтверждение статуса семьи шехида", "“Şəhid adının əbədiləşdirilməsi haqqında” Qanun", "centre,portal", "id_card,death_certificate,military_record", "not_eligible,incomplete_documents", 15, 30, 10, ""},
	{"07-03-01-00", "martyrs", "SSPF", "Şəhid ailələrinin və müharibə əlillərinin mənzillə təminatı|Housing for martyrs' families and war-disabled|Обеспечение жильём семей шехидов и инвалидов войны", "Azərbaycan Respublikası Prezidentinin Fərmanı", "centre", "id_card,martyr_status,residence_certificate", "not_eligible,duplicate", 20, 60, 30, ""},
	{"07-04-01-00", "martyrs", "SSPF", "Müharibə veteranı vəsiqəsinin verilməsi|Issue of a war veteran's card|Выдача удостоверения ветерана войны", "“Veteranlar haqqında” Qanun, 1995", "centre,portal", "id_card,military_record,photo", "not_eligible,incomplete_documents", 15, 30, 10, ""},
	{"08-01-01-00", "social", "SSA", "Yaşlılara evdə sosial xidmət|Home care services for older people|Социальное обслуживание пожилых на дому", "“Sosial xidmət haqqında” Qanun, 2011", "centre,portal,call", "id_card,medical_report", "not_eligible", 15, 60, 10, ""},
	{"08-02-01-00", "social", "SSA", "Sosial xidmət müəssisəsinə yerləşdirmə|Placement in a social care home|Размещение в учреждении социального обслуживания", "“Sosial xidmət haqqında” Qanun, 2011", "centre", "id_card,medical_report,power_of_attorney", "not_eligible,incomplete_documents", 20, 60, 20, ""},
	{"08-03-01-00", "social", "SSA", "Əlilliyi olan uşaqların sosial reabilitasiyası|Social rehabilitation of children with disabilities|Социальная реабилитация детей с инвалидностью", "“Sosial xidmət haqqında” Qanun, 2011", "centre,portal", "birth_certificate,disability_certificate", "not_eligible", 15, 30, 10, ""},
	{"09-01-01-00", "references", "DOST", "Alınan sosial ödənişlər haqqında elektron arayış|E-certificate of social payments received|Электронная справка о получаемых социальных выплатах", "Nazirlər Kabinetinin Qərarı, 2019", "portal,centre,mobile", "", "", 5, 0, 0, ""},
	{"09-01-02-00", "references", "SSPF", "Ünvanlı sosial yardım alan ailə olması haqqında arayış|Certificate of receiving targeted social assistance|Справка о получении адресной социальной помощи", "Nazirlər Kabinetinin Qərarı, 2019", "portal,centre", "id_card", "not_eligible", 5, 5, 1, ""},
	{"09-01-03-00", "references", "SSPF", "Fərdi hesabın sığorta hissəsindən çıxarış|Statement of the individual social-insurance account|Выписка из индивидуального счёта социального страхования", "“Sosial sığorta haqqında” Qanun, 1997", "portal,centre,mobile", "id_card", "not_eligible", 5, 10, 3, ""},
}

// SeedServices fills the catalogue with the demo services.
func SeedServices(ctx context.Context, store servicedesk.Store, svc *servicedesk.Service) error {
	for _, s := range catalogue {
		names := strings.Split(s.names, "|")
		inst, err := store.InstitutionID(ctx, s.inst)
		if err != nil {
			return fmt.Errorf("demo service %s: %w", s.code, err)
		}
		p := servicedesk.Passport{Code: s.code, Direction: s.dir, Name: i18n.Text{"az": names[0], "en": names[1], "ru": names[2]}, InstitutionID: inst,
			LegalBasis: s.law, Channels: splitList(s.channels), Documents: splitList(s.docs), RefusalGrounds: splitList(s.grounds),
			FrontMinutes: s.front, BackMinutes: s.back, DeadlineDays: s.days, ProgramCode: s.program, Active: true}
		if _, err := svc.SavePassport(ctx, p); err != nil {
			return fmt.Errorf("demo service %s: %w", s.code, err)
		}
	}
	return nil
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}
