-- CreateEnum
CREATE TYPE "EventType" AS ENUM ('training_stats_scalar', 'training_stats_vector', 'training_debug_image', 'plot', 'log');

-- AlterTable
ALTER TABLE "model" ADD COLUMN     "ui_cache" JSONB NOT NULL DEFAULT '{}';

-- AlterTable
ALTER TABLE "task" ADD COLUMN     "detached_input_model" TEXT,
ADD COLUMN     "detached_output_model" TEXT;

-- AlterTable
ALTER TABLE "user" ADD COLUMN     "family_name" TEXT,
ADD COLUMN     "given_name" TEXT,
ADD COLUMN     "preferences" JSONB NOT NULL DEFAULT '{}';

-- CreateTable
CREATE TABLE "event" (
    "id" BIGSERIAL NOT NULL,
    "company" TEXT NOT NULL,
    "task" TEXT NOT NULL,
    "type" "EventType" NOT NULL,
    "key" TEXT,
    "iter" INTEGER,
    "metric" TEXT NOT NULL DEFAULT '',
    "variant" TEXT NOT NULL DEFAULT '',
    "timestamp" BIGINT NOT NULL,
    "value" DOUBLE PRECISION,
    "url" TEXT,
    "doc" JSONB NOT NULL,

    CONSTRAINT "event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "event_scroll" (
    "id" TEXT NOT NULL,
    "company" TEXT NOT NULL,
    "state" JSONB NOT NULL,
    "expires" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "event_scroll_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "queue_metric" (
    "id" BIGSERIAL NOT NULL,
    "company" TEXT NOT NULL,
    "queue" TEXT NOT NULL,
    "timestamp" BIGINT NOT NULL,
    "queue_length" INTEGER NOT NULL,
    "average_waiting_time" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "queue_metric_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "worker" (
    "company" TEXT NOT NULL,
    "user" TEXT NOT NULL,
    "worker" TEXT NOT NULL,
    "ip" TEXT,
    "queues" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "queue" TEXT,
    "task" TEXT,
    "project" TEXT,
    "register_time" TIMESTAMPTZ(3) NOT NULL,
    "last_activity_time" TIMESTAMPTZ(3) NOT NULL,
    "last_report_time" TIMESTAMPTZ(3),
    "register_timeout" INTEGER NOT NULL,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "expires" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "worker_pkey" PRIMARY KEY ("company","user","worker")
);

-- CreateTable
CREATE TABLE "worker_stat" (
    "id" BIGSERIAL NOT NULL,
    "company" TEXT NOT NULL,
    "worker" TEXT NOT NULL,
    "task" TEXT,
    "category" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "variant" TEXT NOT NULL,
    "timestamp" BIGINT NOT NULL,
    "value" REAL NOT NULL,

    CONSTRAINT "worker_stat_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "event_task_type_metric_variant_iter_value_idx" ON "event"("task", "type", "metric", "variant", "iter", "value");

-- CreateIndex
CREATE INDEX "event_task_type_timestamp_id_idx" ON "event"("task", "type", "timestamp", "id");

-- CreateIndex
CREATE INDEX "event_company_type_idx" ON "event"("company", "type");

-- CreateIndex
CREATE UNIQUE INDEX "event_task_type_key_key" ON "event"("task", "type", "key");

-- CreateIndex
CREATE INDEX "event_scroll_expires_idx" ON "event_scroll"("expires");

-- CreateIndex
CREATE INDEX "queue_metric_company_timestamp_idx" ON "queue_metric"("company", "timestamp");

-- CreateIndex
CREATE INDEX "queue_metric_queue_timestamp_idx" ON "queue_metric"("queue", "timestamp");

-- CreateIndex
CREATE INDEX "worker_company_expires_idx" ON "worker"("company", "expires");

-- CreateIndex
CREATE INDEX "worker_stat_company_timestamp_idx" ON "worker_stat"("company", "timestamp");

-- AddForeignKey
ALTER TABLE "event" ADD CONSTRAINT "event_task_fkey" FOREIGN KEY ("task") REFERENCES "task"("id") ON DELETE CASCADE ON UPDATE CASCADE;
