#!/bin/sh
# Sluice as a Slurm job array: 4 tasks, each ingesting its own shard of the corpus
# (--shard K/4, K = the array task id) into PostgreSQL. Submit with:
#
#   DATABASE_URL='postgres://user:pass@db:5432/corpus' INPUTS=/shared/corpus sbatch deploy/slurm/ingest-array.sh
#
# Keep the `/4` below equal to the number of tasks in --array (the deploy test checks they agree).
#SBATCH --job-name=sluice-ingest
#SBATCH --array=0-3
#SBATCH --cpus-per-task=2
#SBATCH --mem=4G
#SBATCH --time=02:00:00
#SBATCH --output=sluice-%A_%a.log
#SBATCH --export=ALL
set -eu
: "${DATABASE_URL:?set DATABASE_URL to the PostgreSQL URL}"
INPUTS="${INPUTS:-/shared/corpus}"
exec sluice ingest "$INPUTS" --shard "$SLURM_ARRAY_TASK_ID/4" --postgres "$DATABASE_URL" --no-store --no-state --concurrency "${SLURM_CPUS_PER_TASK:-2}" --quiet
