package utlegg

// The hand-read types of the begjæring (see leser).

// unmarshalBegjaering decodes one JSON object into b; trailing data
// other than white space is an error.
func unmarshalBegjaering(data []byte, b *Utleggsbegjaering) error {
	var l leser
	return l.dokument(data, func() error {
		if l.neste() != '{' {
			return l.typefeil("et objekt")
		}
		return lesUtleggsbegjaering(&l, b)
	})
}

// lesPrioritet reads prioritetISak: a number or a string.
func lesPrioritet(l *leser, p *Prioritet) error {
	switch c := l.neste(); {
	case c == 'n' && l.null():
		p.Text = ""
		return nil
	case c == '"':
		b, err := l.strengBytes()
		if err != nil {
			return err
		}
		p.Text = string(b)
		return nil
	case c == '-' || c >= '0' && c <= '9':
		b, err := l.tallBytes()
		if err != nil {
			return err
		}
		p.Text = string(b)
		return nil
	}
	return l.typefeil("et heltall")
}

// lesPartRef reads a party reference: a string, or any other value kept
// as received.
func lesPartRef(l *leser, p *PartRef) error {
	if l.neste() == '"' {
		p.Raw = nil
		return l.tekst(&p.Tekst)
	}
	raw, err := l.råVerdi()
	if err != nil {
		return err
	}
	p.Tekst, p.Raw = "", raw
	return nil
}

var navnBetalingsinformasjon = [...]string{"norskKonto", "kontoinformasjon", "utenlandskKonto"}

// lesBetalingsinformasjon reads the three shapes (spec: §7.5): norskKonto
// as an object, norskKonto as a boolean with kontoinformasjon, or
// utenlandskKonto.
func lesBetalingsinformasjon(l *leser, b *Betalingsinformasjon) error {
	var (
		norsk, info, utland *Kontoinformasjon
		flagg               *bool
	)
	err := l.objekt(func(navn []byte) error {
		switch medlemsindeks(navn, navnBetalingsinformasjon[:]) {
		case 0:
			switch c := l.neste(); {
			case c == '{':
				norsk = &Kontoinformasjon{}
				return lesKontoinformasjon(l, norsk)
			case c == 'n' && l.null():
				norsk, flagg = nil, nil
				return nil
			case c == 't' || c == 'f':
				norsk = nil
				return l.sannhet(&flagg)
			}
			return l.typefeil("et objekt eller en boolsk verdi")
		case 1:
			return lesPeker(l, &info, lesKontoinformasjon)
		case 2:
			return lesPeker(l, &utland, lesKontoinformasjon)
		}
		return l.hopp()
	})
	if err != nil {
		return err
	}
	*b = Betalingsinformasjon{}
	switch {
	case norsk != nil:
		b.NorskKonto = norsk
	case flagg != nil && *flagg:
		b.NorskKonto = info
		if b.NorskKonto == nil {
			b.NorskKonto = &Kontoinformasjon{}
		}
	case flagg != nil:
		b.UtenlandskKonto = info
		if b.UtenlandskKonto == nil {
			b.UtenlandskKonto = &Kontoinformasjon{}
		}
	}
	if utland != nil && b.UtenlandskKonto == nil && b.NorskKonto == nil {
		b.UtenlandskKonto = utland
	}
	if b.NorskKonto == nil && b.UtenlandskKonto == nil && info != nil {
		b.NorskKonto = info
	}
	return nil
}
