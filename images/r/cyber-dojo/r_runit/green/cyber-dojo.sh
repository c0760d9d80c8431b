Rscript *.tests.R
