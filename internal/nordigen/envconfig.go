package nordigen

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// FromEnv applies the SA_* variables of spec §10 that a process hosting
// the API may set, over cfg. getenv is os.Getenv in production. An
// unreadable value is an error naming the variable; an unset one leaves
// cfg as it is. SA_LISTEN_ADDR does not apply (namsfogd has one listener;
// use --addr), and SA_DEV_MODE=false with no SA_CLIENTS_FILE still
// registers the demo client, as namsfogd is a test double.
func FromEnv(getenv func(string) string, cfg *Config) error {
	var errs []string
	str := func(name string, dst *string) {
		if v := getenv(name); v != "" {
			*dst = v
		}
	}
	num := func(name string, set func(float64)) {
		v := getenv(name)
		if v == "" {
			return
		}
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f < 0 {
			errs = append(errs, fmt.Sprintf("%s=%q: want a number ≥ 0", name, v))
			return
		}
		set(f)
	}
	flag := func(name string, dst *bool) {
		v := getenv(name)
		if v == "" {
			return
		}
		b, err := strconv.ParseBool(v)
		if err != nil {
			errs = append(errs, fmt.Sprintf("%s=%q: want true or false", name, v))
			return
		}
		*dst = b
	}
	seconds := func(f float64) time.Duration { return time.Duration(f * float64(time.Second)) }

	str("SA_PUBLIC_BASE_URL", &cfg.BaseURL)
	str("SA_TOKEN_AUDIENCE", &cfg.Audience)
	num("SA_TOKEN_TTL_SECONDS", func(f float64) { cfg.TokenTTL = seconds(f) })
	num("SA_MAX_UPLOAD_BYTES", func(f float64) { cfg.MaxUploadBytes = int64(f) })
	num("SA_MAX_FILES", func(f float64) { cfg.MaxFiles = int(f) })
	num("SA_MAX_TRANSACTIONS", func(f float64) { cfg.MaxTransactions = int(f) })
	num("SA_WORKERS", func(f float64) { cfg.Workers = int(f) })
	num("SA_QUEUE_SIZE", func(f float64) { cfg.QueueSize = int(f) })
	num("SA_PROCESSING_TIMEOUT_SECONDS", func(f float64) { cfg.ProcessingTimeout = seconds(f) })
	num("SA_PROCESSING_DELAY_MS", func(f float64) { cfg.ProcessingDelay = time.Duration(f * float64(time.Millisecond)) })
	num("SA_RETENTION_HOURS", func(f float64) { cfg.Retention = time.Duration(f * float64(time.Hour)) })
	num("SA_RATE_LIMIT_PER_MINUTE", func(f float64) { cfg.RateLimitPerMinute = int(f) })
	num("SA_WEBHOOK_TIMEOUT_SECONDS", func(f float64) { cfg.Webhook.Timeout = seconds(f) })
	num("SA_WEBHOOK_JITTER", func(f float64) {
		cfg.Webhook.Jitter = f
		if f == 0 {
			cfg.Webhook.Jitter = -1 // none; 0 means the default
		}
	})
	flag("SA_WEBHOOK_ALLOW_HTTP", &cfg.Webhook.AllowHTTP)
	flag("SA_WEBHOOK_ALLOW_PRIVATE", &cfg.Webhook.AllowPrivate)
	if v := getenv("SA_WEBHOOK_RETRY_SCHEDULE"); v != "" {
		var sched []time.Duration
		for _, p := range strings.Split(v, ",") {
			d, err := time.ParseDuration(strings.TrimSpace(p))
			if err != nil || d < 0 {
				errs = append(errs, fmt.Sprintf("SA_WEBHOOK_RETRY_SCHEDULE=%q: want Go durations separated by commas", v))
				sched = nil
				break
			}
			sched = append(sched, d)
		}
		if sched != nil {
			cfg.Webhook.Schedule = sched
		}
	}
	if path := getenv("SA_CLIENTS_FILE"); path != "" {
		b, err := os.ReadFile(path)
		var clients []Client
		if err == nil {
			err = json.Unmarshal(b, &clients)
		}
		for _, c := range clients {
			if err == nil && (c.ID == "" || c.Secret == "") {
				err = fmt.Errorf("every client needs client_id and client_secret")
			}
		}
		if err != nil {
			errs = append(errs, fmt.Sprintf("SA_CLIENTS_FILE=%q: %v", path, err))
		} else {
			cfg.Clients = clients
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("statement analysis configuration: %s", strings.Join(errs, "; "))
	}
	return nil
}
