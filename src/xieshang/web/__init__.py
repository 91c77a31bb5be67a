"""The Django project: settings (typed XIESHANG_* readers), URLs, accounts, base templates."""
