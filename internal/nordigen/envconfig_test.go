package nordigen

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestFromEnv(t *testing.T) {
	dir := t.TempDir()
	clients := filepath.Join(dir, "clients.json")
	os.WriteFile(clients, []byte(`[{"client_id":"acme","client_secret":"s3cr3t","operations":["categorisation"]}]`), 0o600)
	env := map[string]string{
		"SA_PUBLIC_BASE_URL": "https://api.example.com", "SA_TOKEN_AUDIENCE": "aud", "SA_TOKEN_TTL_SECONDS": "60",
		"SA_MAX_UPLOAD_BYTES": "1000", "SA_MAX_FILES": "2", "SA_MAX_TRANSACTIONS": "10", "SA_WORKERS": "3",
		"SA_QUEUE_SIZE": "4", "SA_PROCESSING_TIMEOUT_SECONDS": "1.5", "SA_PROCESSING_DELAY_MS": "250",
		"SA_RETENTION_HOURS": "0.5", "SA_RATE_LIMIT_PER_MINUTE": "30", "SA_WEBHOOK_TIMEOUT_SECONDS": "2",
		"SA_WEBHOOK_RETRY_SCHEDULE": "100ms, 1s", "SA_WEBHOOK_JITTER": "0", "SA_WEBHOOK_ALLOW_HTTP": "true",
		"SA_WEBHOOK_ALLOW_PRIVATE": "1", "SA_CLIENTS_FILE": clients,
	}
	var cfg Config
	if err := FromEnv(func(k string) string { return env[k] }, &cfg); err != nil {
		t.Fatal(err)
	}
	want := Config{BaseURL: "https://api.example.com", Audience: "aud", TokenTTL: time.Minute, MaxUploadBytes: 1000,
		MaxFiles: 2, MaxTransactions: 10, Workers: 3, QueueSize: 4, ProcessingTimeout: 1500 * time.Millisecond,
		ProcessingDelay: 250 * time.Millisecond, Retention: 30 * time.Minute, RateLimitPerMinute: 30}
	cfg2 := cfg
	cfg2.Webhook, cfg2.Clients = WebhookConfig{}, nil
	if cfg2.BaseURL != want.BaseURL || cfg2.TokenTTL != want.TokenTTL || cfg2.QueueSize != 4 || cfg2.ProcessingTimeout != want.ProcessingTimeout ||
		cfg2.ProcessingDelay != want.ProcessingDelay || cfg2.Retention != want.Retention || cfg2.RateLimitPerMinute != 30 ||
		cfg2.MaxUploadBytes != 1000 || cfg2.MaxFiles != 2 || cfg2.MaxTransactions != 10 || cfg2.Workers != 3 || cfg2.Audience != "aud" {
		t.Fatalf("config %+v", cfg2)
	}
	w := cfg.Webhook
	if w.Timeout != 2*time.Second || len(w.Schedule) != 2 || w.Schedule[1] != time.Second || w.Jitter != -1 || !w.AllowHTTP || !w.AllowPrivate {
		t.Fatalf("webhook %+v", w)
	}
	if len(cfg.Clients) != 1 || cfg.Clients[0].ID != "acme" || cfg.Clients[0].Operations[0] != "categorisation" {
		t.Fatalf("clients %+v", cfg.Clients)
	}

	// Nothing set: nothing changes.
	before := Config{QueueSize: 7}
	if err := FromEnv(func(string) string { return "" }, &before); err != nil || before.QueueSize != 7 {
		t.Fatalf("empty env: %v %+v", err, before)
	}
	// Bad values are named.
	bad := map[string]string{"SA_QUEUE_SIZE": "many", "SA_WEBHOOK_ALLOW_HTTP": "perhaps",
		"SA_WEBHOOK_RETRY_SCHEDULE": "1x", "SA_CLIENTS_FILE": filepath.Join(dir, "missing.json")}
	err := FromEnv(func(k string) string { return bad[k] }, &Config{})
	for k := range bad {
		if err == nil || !strings.Contains(err.Error(), k) {
			t.Errorf("error %v does not name %s", err, k)
		}
	}
}
