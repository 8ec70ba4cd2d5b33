package nordigen

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/namsfogd/namsfogd/internal/store"
)

// Run runs the worker pool (spec §4.1 rule 10) and the webhook deliverer
// until ctx is done. Jobs live in the shared job table, so several
// processes on one PostgreSQL share the queue; a job whose worker died is
// claimed again when its lease expires.
//
// When ctx is done the service stops accepting work (PUT answers 503,
// spec §11), and running records get up to ShutdownGrace to finish; a
// record that does not finish in time keeps its state and its job is
// released at once, so the next process to claim it carries on.
func (s *Service) Run(ctx context.Context) error {
	s.running.Store(true)
	defer s.running.Store(false)
	var wg sync.WaitGroup
	for range s.cfg.Workers {
		wg.Go(func() {
			s.loop(ctx, []string{jobProcess}, s.wakeProcess, s.cfg.ProcessingTimeout+2*s.cfg.ProcessingDelay+time.Minute, s.runProcess)
		})
	}
	wg.Go(func() { s.loop(ctx, []string{jobWebhook}, s.wakeHook, s.cfg.Webhook.Timeout+time.Minute, s.runWebhook) })
	wg.Go(func() { s.expireLoop(ctx) })
	<-ctx.Done()
	s.closing.Store(true)
	wg.Wait()
	return nil
}

// wallNow is the time source of the job table only: leases, retry delays
// and the processing delay measure real elapsed time, so a frozen or
// rewound simulated clock (world.Clock) cannot stall the queue. Every
// timestamp a client sees comes from the world clock.
func wallNow() time.Time { return time.Now() }

// nudge wakes one idle worker of a kind without blocking.
func nudge(c chan struct{}) {
	select {
	case c <- struct{}{}:
	default:
	}
}

func (s *Service) loop(ctx context.Context, kinds []string, wake chan struct{}, lease time.Duration, run func(context.Context, store.Job) error) {
	for ctx.Err() == nil {
		job, err := s.st.ClaimJob(ctx, kinds, wallNow(), lease)
		if err != nil {
			if !errors.Is(err, store.ErrNoJob) && ctx.Err() == nil {
				s.log.Warn("nordigen: claim job", slog.Any("err", err))
			}
			select {
			case <-ctx.Done():
				return
			case <-wake:
			case <-time.After(s.cfg.PollInterval):
			}
			continue
		}
		if err := s.safe(ctx, job, run); err != nil && ctx.Err() == nil {
			s.log.Warn("nordigen: job failed", slog.String("kind", job.Kind), slog.Any("err", err))
		}
	}
}

func (s *Service) safe(ctx context.Context, job store.Job, run func(context.Context, store.Job) error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return run(ctx, job)
}

// runProcess moves a record queued → processing → completed/failed
// (spec §4.1). Finishing and scheduling the webhook commit together.
func (s *Service) runProcess(ctx context.Context, job store.Job) error {
	id := string(job.Payload)
	rec, err := s.st.NordigenRecord(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return s.st.CompleteJob(ctx, job.ID)
	}
	if err != nil {
		return s.st.RetryJob(ctx, job.ID, wallNow().Add(time.Second), err.Error())
	}
	if rec.Status != stQueued && rec.Status != stProcessing {
		return s.st.CompleteJob(ctx, job.ID)
	}
	var req processRequest
	if err := json.Unmarshal(rec.Request, &req); err != nil {
		return s.finish(ctx, job, rec.RequestID, req, nil, "UNKNOWN_ERROR", "The stored request cannot be read.")
	}
	if rec.Status == stQueued {
		// spec §4.1 rule 3: with a processing delay the record waits that
		// long in queued (and again in processing) so pollers see both.
		if d := s.cfg.ProcessingDelay; d > 0 {
			select {
			case <-ctx.Done():
				return s.release(job)
			case <-time.After(d):
			}
		}
		if err := s.st.NordigenSetStatus(ctx, id, stQueued, stProcessing); err != nil && !errors.Is(err, store.ErrConflict) {
			return s.st.RetryJob(ctx, job.ID, wallNow().Add(time.Second), err.Error())
		}
	}
	start := time.Now()
	type outcome struct {
		result []byte // stored form (resultblob.go)
		err    error
	}
	done := make(chan outcome, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- outcome{err: fmt.Errorf("panic: %v", p)}
			}
		}()
		if d := s.cfg.ProcessingDelay; d > 0 {
			time.Sleep(d)
		}
		accounts, ok := s.handoff.take(id, wallNow())
		if !ok {
			blob, err := s.st.NordigenStatement(context.WithoutCancel(ctx), id) // runs on through a shutdown grace period
			if err != nil {
				done <- outcome{err: err}
				return
			}
			if accounts, err = decodeUpload(blob); err != nil {
				done <- outcome{err: err}
				return
			}
		}
		rep, err := s.analyse(accounts, req)
		if err != nil {
			done <- outcome{err: err}
			return
		}
		w := newResultWriter()
		if err := rep.write(w); err != nil {
			done <- outcome{err: err}
			return
		}
		result, err := w.finish()
		done <- outcome{result, err}
	}()
	timeout := time.NewTimer(s.cfg.ProcessingTimeout - time.Since(start))
	defer timeout.Stop()
	var o outcome
	select {
	case <-ctx.Done():
		// Shutting down: give the running record a grace period, then
		// hand it back to the queue (it stays processing; the next claim
		// carries on from there).
		grace := time.NewTimer(s.cfg.ShutdownGrace)
		defer grace.Stop()
		select {
		case o = <-done:
			ctx = context.WithoutCancel(ctx)
		case <-grace.C:
			return s.release(job)
		case <-timeout.C:
			ctx = context.WithoutCancel(ctx)
			return s.finish(ctx, job, id, req, nil, "TIMEOUT_PROCESSING", fmt.Sprintf("Processing took longer than %s.", s.cfg.ProcessingTimeout))
		}
	case <-timeout.C:
		return s.finish(ctx, job, id, req, nil, "TIMEOUT_PROCESSING", fmt.Sprintf("Processing took longer than %s.", s.cfg.ProcessingTimeout))
	case o = <-done:
	}
	if o.err != nil {
		s.log.Error("nordigen: processing failed", slog.String("request_id", id), slog.Any("err", o.err))
		return s.finish(ctx, job, id, req, nil, "UNKNOWN_ERROR", "Processing failed with an internal error.")
	}
	return s.finish(ctx, job, id, req, o.result, "", "")
}

// release puts a claimed job back to ready now, for use at shutdown.
func (s *Service) release(job store.Job) error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return s.st.RetryJob(ctx, job.ID, wallNow(), "released at shutdown")
}

// finish stores a record's terminal state: completed with result (its
// stored form), or failed with the error code and detail.
func (s *Service) finish(ctx context.Context, job store.Job, id string, req processRequest, result []byte, code, detail string) error {
	status := stCompleted
	var errAttr map[string]string
	if code != "" {
		status = stFailed
		errAttr = map[string]string{"error-code": code, "title": titles[code], "detail": detail}
		var err error
		if result, err = marshal(map[string]any{"error": errAttr}); err != nil {
			return err
		}
	}
	now := s.clock.Now()
	hook := webhookState{Status: "not-requested"}
	var wj *store.Job
	if req.UseWebhook {
		hook.Status = "pending"
		ev := webhookEvent{EventID: newUUID(), RequestID: id, Status: status, Operations: req.Operations, FinishedAt: rfc3339(now)}
		if code != "" {
			ev.Error = errAttr
		}
		payload, _ := json.Marshal(ev)
		wj = &store.Job{Kind: jobWebhook, Key: id, Payload: payload, RunAt: wallNow()}
	}
	hb, _ := json.Marshal(hook)
	err := s.st.NordigenFinish(ctx, id, status, result, hb, now, wj)
	if err != nil && !errors.Is(err, store.ErrConflict) {
		return s.st.RetryJob(ctx, job.ID, wallNow().Add(time.Second), err.Error())
	}
	if wj != nil {
		nudge(s.wakeHook)
	}
	return s.st.CompleteJob(ctx, job.ID)
}

// expireLoop applies retention (spec §4.1 rule 7) once a minute.
func (s *Service) expireLoop(ctx context.Context) {
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		now := s.clock.Now()
		if _, err := s.st.NordigenExpire(ctx, now.Add(-s.cfg.Retention), now.Add(-s.cfg.Retention-30*24*time.Hour)); err != nil && ctx.Err() == nil {
			s.log.Warn("nordigen: expire", slog.Any("err", err))
		}
		s.handoff.sweep(wallNow()) // uploads whose PUT never came
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
