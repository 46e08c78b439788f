"""政府信息公开工作年度报告: each department's annual report, filled from the portal's data."""
