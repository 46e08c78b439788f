from .report import AnnualReportPage, TableThreeCorrection

__all__ = ["AnnualReportPage", "TableThreeCorrection"]
