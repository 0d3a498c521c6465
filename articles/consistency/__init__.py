"""Consistency checks: the engine over exchange-format content, quantities, reports on stored versions, the labelled-set evaluation."""
