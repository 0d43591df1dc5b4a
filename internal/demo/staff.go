package demo

import (
	"context"
	"fmt"

	"github.com/dost-platform/dost/internal/identity"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/i18n"
)

// Password is the password of every demo account. It is printed at start-up; never use the
// demo data in production.
const Password = "dost-demo-2026"

// Account is a demo login and what it can do.
type Account struct {
	Login       string
	Role        authz.Role
	Institution string
}

// institutions of the demo ministry, parent first, with the short names a person reads
// (migration 00027 gives an older database the same).
var institutions = []identity.Institution{
	{Code: "MLSPP", Name: i18n.Text{"az": "Əmək və Əhalinin Sosial Müdafiəsi Nazirliyi", "en": "Ministry of Labour and Social Protection of the Population", "ru": "Министерство труда и социальной защиты населения"},
		ShortName: i18n.Text{"az": "ƏƏSMN", "en": "MLSPP", "ru": "МТСЗН"}},
	{Code: "SSPF", Name: i18n.Text{"az": "Dövlət Sosial Müdafiə Fondu", "en": "State Social Protection Fund", "ru": "Государственный фонд социальной защиты"},
		ShortName: i18n.Text{"az": "DSMF", "en": "SSPF", "ru": "ГФСЗ"}},
	{Code: "DOST", Name: i18n.Text{"az": "DOST Agentliyi", "en": "DOST Agency", "ru": "Агентство DOST"},
		ShortName: i18n.Text{"az": "DOST", "en": "DOST", "ru": "DOST"}},
	{Code: "SEA", Name: i18n.Text{"az": "Dövlət Məşğulluq Agentliyi", "en": "State Employment Agency", "ru": "Государственное агентство занятости"},
		ShortName: i18n.Text{"az": "DMA", "en": "SEA", "ru": "ГАЗ"}},
	{Code: "SSA", Name: i18n.Text{"az": "Sosial Xidmətlər Agentliyi", "en": "Social Services Agency", "ru": "Агентство социальных услуг"},
		ShortName: i18n.Text{"az": "SXA", "en": "SSA", "ru": "АСУ"}},
	{Code: "SLI", Name: i18n.Text{"az": "Dövlət Əmək Müfəttişliyi Xidməti", "en": "State Labour Inspection Service", "ru": "Государственная служба инспекции труда"},
		ShortName: i18n.Text{"az": "DƏMX", "en": "SLI", "ru": "Государственная служба инспекции труда"}},
	{Code: "MSE", Name: i18n.Text{"az": "Tibbi-Sosial Ekspertiza və Reabilitasiya Agentliyi", "en": "Medical-Social Expertise and Rehabilitation Agency", "ru": "Агентство медико-социальной экспертизы и реабилитации"},
		ShortName: i18n.Text{"az": "Tibbi-Sosial Ekspertiza və Reabilitasiya Agentliyi", "en": "Medical-Social Expertise and Rehabilitation Agency", "ru": "Агентство медико-социальной экспертизы и реабилитации"}},
}

// Accounts are the demo staff, one per role (two finance officers for four-eyes approval of
// payroll, two administrators for four-eyes approval of role grants).
var Accounts = []Account{
	{"admin", authz.Admin, "MLSPP"},
	{"admin2", authz.Admin, "MLSPP"},
	{"front", authz.FrontOffice, "DOST"},
	{"officer", authz.BackOffice, "SSPF"},
	{"social", authz.SocialWorker, "SSA"},
	{"employment", authz.EmploymentOfficer, "SEA"},
	{"finance", authz.FinanceOfficer, "SSPF"},
	{"finance2", authz.FinanceOfficer, "SSPF"},
	{"analyst", authz.Analyst, "MLSPP"},
	{"analyst2", authz.Analyst, "MLSPP"}, // a rule version is activated by an analyst who neither wrote nor dry-ran it
	{"auditor", authz.Auditor, "MLSPP"},
	{"manager", authz.Manager, "MLSPP"},
}

// centres are DOST centres, the service points of the DOST Agency (place ids from places).
var centres = []identity.ServicePoint{
	{Code: "DOST-1", PlaceID: 10501, Name: i18n.Text{"az": "1 saylı Bakı DOST mərkəzi", "en": "Baku DOST centre No. 1", "ru": "Бакинский центр DOST № 1"}},
	{Code: "DOST-2", PlaceID: 10301, Name: i18n.Text{"az": "2 saylı Bakı DOST mərkəzi", "en": "Baku DOST centre No. 2", "ru": "Бакинский центр DOST № 2"}},
	{Code: "DOST-3", PlaceID: 10901, Name: i18n.Text{"az": "3 saylı Bakı DOST mərkəzi", "en": "Baku DOST centre No. 3", "ru": "Бакинский центр DOST № 3"}},
	{Code: "DOST-4", PlaceID: 10801, Name: i18n.Text{"az": "4 saylı Bakı DOST mərkəzi", "en": "Baku DOST centre No. 4", "ru": "Бакинский центр DOST № 4"}},
	{Code: "DOST-GNC", PlaceID: 40101, Name: i18n.Text{"az": "Gəncə regional DOST mərkəzi", "en": "Ganja regional DOST centre", "ru": "Гянджинский региональный центр DOST"}},
	{Code: "DOST-SHU", PlaceID: 50201, Name: i18n.Text{"az": "Şuşa DOST filialı", "en": "Shusha DOST branch", "ru": "Филиал DOST в Шуше"}},
}

// SeedStaff creates the demo institutions, DOST centres and one account per role. Demo
// accounts are the one place a password is set for its owner (the published demo password),
// and their grants are in force without a second administrator.
func SeedStaff(ctx context.Context, store identity.Store, ids *identity.Service) error {
	byCode := map[string]int64{}
	for _, inst := range institutions {
		inst.ParentID = byCode["MLSPP"]
		if err := store.CreateInstitution(ctx, &inst); err != nil {
			return err
		}
		byCode[inst.Code] = inst.ID
	}
	for _, sp := range centres {
		sp.InstitutionID = byCode["DOST"]
		if err := store.CreateServicePoint(ctx, &sp); err != nil {
			return err
		}
	}
	for _, a := range Accounts {
		_, err := ids.CreateUser(ctx, identity.NewUser{
			Login: a.Login, FullName: fmt.Sprintf("Demo %s", a.Login), Password: Password, Lang: "az",
			Grants: []authz.Grant{{Role: a.Role, InstitutionID: byCode[a.Institution]}},
		})
		if err != nil {
			return fmt.Errorf("demo user %s: %w", a.Login, err)
		}
	}
	return nil
}
