"""NCBI E-utilities (efetch, esearch, ECitMatch) and the PMC ID converter."""
