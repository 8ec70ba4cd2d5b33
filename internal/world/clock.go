package world

import (
	"fmt"
	"sync"
	"time"
)

// Clock modes.
const (
	ClockReal   = "real"   // follows the machine's time
	ClockFrozen = "frozen" // stands still at a fixed instant
	ClockOffset = "offset" // machine time plus a fixed offset
)

// ClockSetting is the operator's setting of the simulated clock. It is
// persisted, so that every namsfogd process sharing a database agrees on
// "now".
type ClockSetting struct {
	Mode   string        `json:"mode"`
	Frozen time.Time     `json:"frozen_at,omitzero"`
	Offset time.Duration `json:"offset_ns,omitempty"`
}

// Validate reports whether the setting is usable.
func (s ClockSetting) Validate() error {
	switch s.Mode {
	case ClockReal:
	case ClockFrozen:
		if s.Frozen.IsZero() {
			return fmt.Errorf("frozen clock needs a time")
		}
	case ClockOffset:
	default:
		return fmt.Errorf("unknown clock mode %q (want real, frozen or offset)", s.Mode)
	}
	return nil
}

// Clock is the one source of "now" and "today" for every API. It is safe
// for concurrent use. Domain code never calls time.Now directly.
type Clock struct {
	mu      sync.RWMutex
	setting ClockSetting
	real    func() time.Time
}

// NewClock returns a clock following real time. realNow may be nil
// (time.Now); tests pass their own.
func NewClock(realNow func() time.Time) *Clock {
	if realNow == nil {
		realNow = time.Now
	}
	return &Clock{setting: ClockSetting{Mode: ClockReal}, real: realNow}
}

// Now returns the simulated current instant, in UTC.
func (c *Clock) Now() time.Time {
	c.mu.RLock()
	s := c.setting
	c.mu.RUnlock()
	switch s.Mode {
	case ClockFrozen:
		return s.Frozen.UTC()
	case ClockOffset:
		return c.real().Add(s.Offset).UTC()
	default:
		return c.real().UTC()
	}
}

// Today returns the simulated calendar date in Norway.
func (c *Clock) Today() Date { return DateOf(c.Now()) }

// Setting returns the current setting.
func (c *Clock) Setting() ClockSetting {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.setting
}

// Set replaces the setting. An invalid setting is refused and leaves the
// clock unchanged.
func (c *Clock) Set(s ClockSetting) error {
	if err := s.Validate(); err != nil {
		return err
	}
	c.mu.Lock()
	c.setting = s
	c.mu.Unlock()
	return nil
}
