"""Negotiation plans: the options per debt, the allocation across debts, the budget, recommendations.

Kept import-light on purpose: `xieshang.knowledge.lenders` imports `xieshang.core.plan.lender`.
"""
