"""依申请公开: online applications for government information and their case handling to the
statutory working-day deadlines of the 《政府信息公开条例》 (arts. 27–45)."""
