package sqlstore

import (
	"sync"
	"time"

	"github.com/namsfogd/namsfogd/internal/world"
)

// orgCache keeps organisations that were found, for orgCacheTTL. Every
// debt answer names its creditors and every bank answer its bank, so the
// same few hundred organisations are read on nearly every request.
// Organisations are created and replaced by a world load, never changed
// in place: this process forgets its cache on either, and another
// process sharing the database sees the change within the TTL. Misses are
// not cached, so a new organisation is visible at once.
type orgCache struct {
	m sync.Map // orgnr → orgEntry
}

type orgEntry struct {
	org     world.Organisation
	expires time.Time
}

const orgCacheTTL = 30 * time.Second

func (c *orgCache) get(orgnr string) (world.Organisation, bool) {
	v, ok := c.m.Load(orgnr)
	if !ok {
		return world.Organisation{}, false
	}
	e := v.(orgEntry)
	if time.Now().After(e.expires) {
		c.m.Delete(orgnr)
		return world.Organisation{}, false
	}
	o := e.org
	o.Roles = append([]string(nil), e.org.Roles...)
	return o, true
}

func (c *orgCache) put(o world.Organisation) {
	c.m.Store(o.OrgNr, orgEntry{org: o, expires: time.Now().Add(orgCacheTTL)})
}

func (c *orgCache) forget(orgnr string) { c.m.Delete(orgnr) }

func (c *orgCache) clear() { c.m.Clear() }
