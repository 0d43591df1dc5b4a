package paymentsweb

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"github.com/dost-platform/dost/internal/payments"
	"github.com/dost-platform/dost/internal/platform/web"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// pathID is the {id} of a page's path; 0, which names nothing, when it is not a number.
func pathID(r *http.Request) int64 {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id
}

// statementRefused is the key of a Problem refusing a bank statement.
const statementRefused = "payroll.statement_refused"

// statementProblem answers a refused statement with 422 naming the element and the reason.
func statementProblem(ctx context.Context, err error) error {
	var se *payments.StatementError
	if errors.As(err, &se) {
		return &web.Problem{Status: http.StatusUnprocessableEntity, Title: "Statement refused", Key: statementRefused,
			Detail: se.Error(), Errors: []web.ProblemField{{Location: se.Element, Message: se.Reason}}, Instance: "urn:request:" + web.RequestID(ctx)}
	}
	return web.ToProblem(ctx, err, "body.")
}
