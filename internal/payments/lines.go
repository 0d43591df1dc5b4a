package payments

import (
	"context"
	"strconv"

	"github.com/dost-platform/dost/internal/platform/audit"
)

// Lines lists a cycle's lines in one status ("" for all) in entitlement order, a keyset page
// at a time: after is the end-to-end id of the previous page's last line ("" for the first).
// Lines carry names and accounts, so each page read is in the audit log.
func (s *Service) Lines(ctx context.Context, cycleID int64, status string, after string) ([]Line, error) {
	if _, err := s.cycleIn(ctx, cycleID); err != nil {
		return nil, err
	}
	lines, err := s.store.Lines(ctx, cycleID, status, after, 100)
	if err != nil {
		return nil, err
	}
	detail := audit.Msg("lines_page", "Count", len(lines), "Status", lineStatus(status), "After", after)
	return lines, s.audit.Record(ctx, audit.For(ctx, audit.Read, "payroll", "cycle", strconv.FormatInt(cycleID, 10), detail))
}

// EachLine streams a cycle's lines in one status ("" for all) to fn in entitlement order, a
// page of 5,000 at a time whatever the cycle's size — the finance officer's download. The
// download is in the audit log before the first line is read.
func (s *Service) EachLine(ctx context.Context, cycleID int64, status string, fn func(Line) error) error {
	if _, err := s.cycleIn(ctx, cycleID); err != nil {
		return err
	}
	e := audit.For(ctx, audit.Read, "payroll", "cycle", strconv.FormatInt(cycleID, 10), audit.Msg("lines_download", "Status", lineStatus(status)))
	if err := s.audit.Record(ctx, e); err != nil {
		return err
	}
	for after := ""; ; {
		page, err := s.store.Lines(ctx, cycleID, status, after, 5000)
		if err != nil || len(page) == 0 {
			return err
		}
		for _, l := range page {
			if err := fn(l); err != nil {
				return err
			}
		}
		after = page[len(page)-1].EndToEndID
	}
}

// lineStatus is a status filter of lines as the audit page shows it: "" is every line.
func lineStatus(status string) audit.Word {
	if status == "" {
		return "audit.detail.all_lines"
	}
	return audit.Word("line." + status)
}

// FileDownloaded records that a cycle's bank file was downloaded: it lists names and accounts.
func (s *Service) FileDownloaded(ctx context.Context, cycleID int64, name string) error {
	if _, err := s.cycleIn(ctx, cycleID); err != nil {
		return err
	}
	return s.audit.Record(ctx, audit.For(ctx, audit.Read, "payroll", "payment_file", name, audit.Msg("file_download", "Cycle", cycleID)))
}
