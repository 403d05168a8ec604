package audit

import "io"

type HTMLWriter struct{}

func (HTMLWriter) Write(w io.Writer, r *Report) error { return nil }

type SARIFWriter struct{}

func (SARIFWriter) Write(w io.Writer, r *Report) error { return nil }

type JUnitWriter struct{}

func (JUnitWriter) Write(w io.Writer, r *Report) error { return nil }
