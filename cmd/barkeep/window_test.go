package main

import "testing"

func TestRepaintBudgetsAreSharedPerAddressAndGoWithTheLastSession(t *testing.T) {
	budgets := repaintBudgets{cellsPerSecond: 24000}
	first, second := budgets.acquire("10.0.0.1"), budgets.acquire("10.0.0.1")
	if first != second {
		t.Error("two sessions from one address draw from different budgets")
	}
	if other := budgets.acquire("10.0.0.2"); other == first {
		t.Error("two addresses share a budget")
	}
	budgets.release("10.0.0.1")
	if budgets.acquire("10.0.0.1") != first {
		t.Error("the budget went while a session still drew from it")
	}
	budgets.release("10.0.0.1")
	budgets.release("10.0.0.1")
	budgets.release("10.0.0.2")
	if len(budgets.bySource) != 0 {
		t.Errorf("budgets kept after their last session: %v", budgets.bySource)
	}
}
