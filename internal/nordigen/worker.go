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
func (s *Service) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	for range s.cfg.Workers {
		wg.Go(func() {
			s.loop(ctx, []string{jobProcess}, s.cfg.ProcessingTimeout+2*s.cfg.ProcessingDelay+time.Minute, s.runProcess)
		})
	}
	wg.Go(func() { s.loop(ctx, []string{jobWebhook}, s.cfg.Webhook.Timeout+time.Minute, s.runWebhook) })
	wg.Go(func() { s.expireLoop(ctx) })
	wg.Wait()
	return nil
}

func (s *Service) loop(ctx context.Context, kinds []string, lease time.Duration, run func(context.Context, store.Job) error) {
	for ctx.Err() == nil {
		job, err := s.st.ClaimJob(ctx, kinds, s.clock.Now(), lease)
		if err != nil {
			if !errors.Is(err, store.ErrNoJob) && ctx.Err() == nil {
				s.log.Warn("nordigen: claim job", slog.Any("err", err))
			}
			select {
			case <-ctx.Done():
				return
			case <-s.wake:
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
		return s.st.RetryJob(ctx, job.ID, s.clock.Now().Add(time.Second), err.Error())
	}
	if rec.Status != stQueued && rec.Status != stProcessing {
		return s.st.CompleteJob(ctx, job.ID)
	}
	var req processRequest
	if err := json.Unmarshal(rec.Request, &req); err != nil {
		return s.finish(ctx, job, rec.RequestID, req, nil, "UNKNOWN_ERROR", "The stored request cannot be read.")
	}
	start := time.Now()
	if rec.Status == stQueued {
		if err := s.st.NordigenSetStatus(ctx, id, stQueued, stProcessing); err != nil && !errors.Is(err, store.ErrConflict) {
			return s.st.RetryJob(ctx, job.ID, s.clock.Now().Add(time.Second), err.Error())
		}
	}
	type outcome struct {
		attrs map[string]any
		err   error
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
		blob, err := s.st.NordigenStatement(ctx, id)
		if err != nil {
			done <- outcome{err: err}
			return
		}
		var u storedUpload
		if err := json.Unmarshal(blob, &u); err != nil {
			done <- outcome{err: err}
			return
		}
		attrs, err := s.analyse(u, req)
		done <- outcome{attrs, err}
	}()
	timeout := s.cfg.ProcessingTimeout - time.Since(start)
	select {
	case <-ctx.Done():
		return ctx.Err() // the lease expires and another worker takes it
	case <-time.After(timeout):
		return s.finish(ctx, job, id, req, nil, "TIMEOUT_PROCESSING", fmt.Sprintf("Processing took longer than %s.", s.cfg.ProcessingTimeout))
	case o := <-done:
		if o.err != nil {
			s.log.Error("nordigen: processing failed", slog.String("request_id", id), slog.Any("err", o.err))
			return s.finish(ctx, job, id, req, nil, "UNKNOWN_ERROR", "Processing failed with an internal error.")
		}
		return s.finish(ctx, job, id, req, o.attrs, "", "")
	}
}

func (s *Service) finish(ctx context.Context, job store.Job, id string, req processRequest, attrs map[string]any, code, detail string) error {
	status := stCompleted
	if code != "" {
		status = stFailed
		attrs = map[string]any{"error": map[string]string{"error-code": code, "title": titles[code], "detail": detail}}
	}
	result, err := marshal(attrs)
	if err != nil {
		return err
	}
	now := s.clock.Now()
	hook := webhookState{Status: "not-requested"}
	var wj *store.Job
	if req.UseWebhook {
		hook.Status = "pending"
		ev := webhookEvent{EventID: newUUID(), RequestID: id, Status: status, Operations: req.Operations, FinishedAt: rfc3339(now)}
		if code != "" {
			ev.Error = attrs["error"]
		}
		payload, _ := json.Marshal(ev)
		wj = &store.Job{Kind: jobWebhook, Key: id, Payload: payload, RunAt: now}
	}
	hb, _ := json.Marshal(hook)
	err = s.st.NordigenFinish(ctx, id, status, result, hb, now, wj)
	if err != nil && !errors.Is(err, store.ErrConflict) {
		return s.st.RetryJob(ctx, job.ID, now.Add(time.Second), err.Error())
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
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
