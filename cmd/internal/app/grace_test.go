package app

import (
	"context"
	"testing"
	"time"
)

// TestGraceContext checks that work given a grace period is not stopped by
// the interrupt itself, but is once the period has run out or its own
// cancel function is called.
func TestGraceContext(t *testing.T) {
	parent, interrupt := context.WithCancel(context.Background())
	long, cancelLong := graceContext(parent, time.Hour)
	short, cancelShort := graceContext(parent, 0)
	defer cancelShort()
	if long.Err() != nil || short.Err() != nil {
		t.Fatal("ended before the interrupt")
	}
	interrupt()
	<-short.Done() // a grace of zero ends with the interrupt
	if long.Err() != nil {
		t.Error("an hour's grace ended at the interrupt")
	}
	cancelLong()
	if long.Err() == nil {
		t.Error("cancel did not end the grace period")
	}
}
