-- CreateEnum
CREATE TYPE "TaskStatus" AS ENUM ('created', 'queued', 'in_progress', 'stopped', 'publishing', 'published', 'closed', 'failed', 'completed', 'unknown');

-- CreateEnum
CREATE TYPE "TaskType" AS ENUM ('training', 'testing', 'inference', 'data_processing', 'application', 'monitor', 'controller', 'optimizer', 'service', 'qc', 'custom');

-- CreateEnum
CREATE TYPE "ArtifactMode" AS ENUM ('input', 'output');

-- CreateEnum
CREATE TYPE "OutputResult" AS ENUM ('success', 'failure');

-- CreateTable
CREATE TABLE "company" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "created" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "company_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user" (
    "id" TEXT NOT NULL,
    "company" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "role" TEXT NOT NULL DEFAULT 'user',
    "created" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "user_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "project" (
    "id" TEXT NOT NULL,
    "company" TEXT,
    "company_origin" TEXT,
    "user" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "created" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_update" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "system_tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "default_output_destination" TEXT,
    "featured" INTEGER NOT NULL DEFAULT 9999,
    "logo_url" TEXT,

    CONSTRAINT "project_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "queue" (
    "id" TEXT NOT NULL,
    "company" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "created" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_update" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "system_tags" TEXT[] DEFAULT ARRAY[]::TEXT[],

    CONSTRAINT "queue_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "queue_entry" (
    "id" BIGSERIAL NOT NULL,
    "queue" TEXT NOT NULL,
    "task" TEXT NOT NULL,
    "added" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "rank" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "queue_entry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "model" (
    "id" TEXT NOT NULL,
    "company" TEXT,
    "company_origin" TEXT,
    "user" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "project" TEXT,
    "created" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_update" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "task" TEXT,
    "parent" TEXT,
    "comment" TEXT,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "system_tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "uri" TEXT NOT NULL DEFAULT '',
    "framework" TEXT,
    "design" JSONB NOT NULL DEFAULT '{}',
    "labels" JSONB NOT NULL DEFAULT '{}',
    "ready" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "model_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "task" (
    "id" TEXT NOT NULL,
    "company" TEXT,
    "company_origin" TEXT,
    "user" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" "TaskType" NOT NULL,
    "status" "TaskStatus" NOT NULL DEFAULT 'created',
    "status_reason" TEXT,
    "status_message" TEXT,
    "status_changed" TIMESTAMPTZ(3),
    "comment" TEXT,
    "created" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started" TIMESTAMPTZ(3),
    "completed" TIMESTAMPTZ(3),
    "published" TIMESTAMPTZ(3),
    "duration" INTEGER,
    "parent" TEXT,
    "detached_parent" TEXT,
    "project" TEXT,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "system_tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "output_destination" TEXT,
    "output_model" TEXT,
    "output_error" TEXT,
    "output_result" "OutputResult",
    "test_split" INTEGER NOT NULL DEFAULT 0,
    "parameters" JSONB NOT NULL DEFAULT '{}',
    "input_model" TEXT,
    "model_desc" JSONB NOT NULL DEFAULT '{}',
    "model_labels" JSONB NOT NULL DEFAULT '{}',
    "framework" TEXT,
    "docker_cmd" TEXT,
    "queue" TEXT,
    "script_binary" TEXT NOT NULL DEFAULT 'python',
    "script_repository" TEXT NOT NULL DEFAULT '',
    "script_tag" TEXT,
    "script_branch" TEXT,
    "script_version_num" TEXT,
    "script_entry_point" TEXT NOT NULL DEFAULT '',
    "script_working_dir" TEXT,
    "script_requirements" JSONB NOT NULL DEFAULT '{}',
    "script_diff" TEXT,
    "hyperparams" JSONB NOT NULL DEFAULT '{}',
    "configuration" JSONB NOT NULL DEFAULT '{}',
    "runtime" JSONB NOT NULL DEFAULT '{}',
    "last_worker" TEXT,
    "last_worker_report" TIMESTAMPTZ(3),
    "last_update" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_iteration" INTEGER NOT NULL DEFAULT 0,
    "last_metrics" JSONB NOT NULL DEFAULT '{}',
    "metric_stats" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "task_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "task_artifact" (
    "task" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "mode" "ArtifactMode" NOT NULL DEFAULT 'output',
    "type" TEXT NOT NULL,
    "uri" TEXT,
    "hash" TEXT,
    "content_size" BIGINT,
    "timestamp" BIGINT,
    "type_data" JSONB,
    "display_data" JSONB,
    "position" INTEGER NOT NULL,

    CONSTRAINT "task_artifact_pkey" PRIMARY KEY ("task","key","mode")
);

-- CreateIndex
CREATE INDEX "user_company_idx" ON "user"("company");

-- CreateIndex
CREATE INDEX "project_tags_idx" ON "project" USING GIN ("tags");

-- CreateIndex
CREATE INDEX "project_system_tags_idx" ON "project" USING GIN ("system_tags");

-- CreateIndex
CREATE UNIQUE INDEX "project_company_name_key" ON "project"("company", "name");

-- CreateIndex
CREATE INDEX "queue_system_tags_idx" ON "queue" USING GIN ("system_tags");

-- CreateIndex
CREATE UNIQUE INDEX "queue_company_name_key" ON "queue"("company", "name");

-- CreateIndex
CREATE INDEX "queue_entry_queue_rank_idx" ON "queue_entry"("queue", "rank");

-- CreateIndex
CREATE INDEX "queue_entry_task_idx" ON "queue_entry"("task");

-- CreateIndex
CREATE UNIQUE INDEX "queue_entry_queue_task_key" ON "queue_entry"("queue", "task");

-- CreateIndex
CREATE INDEX "model_company_idx" ON "model"("company");

-- CreateIndex
CREATE INDEX "model_task_idx" ON "model"("task");

-- CreateIndex
CREATE INDEX "model_project_idx" ON "model"("project");

-- CreateIndex
CREATE INDEX "task_company_project_status_last_update_idx" ON "task"("company", "project", "status", "last_update" DESC);

-- CreateIndex
CREATE INDEX "task_company_last_update_idx" ON "task"("company", "last_update" DESC);

-- CreateIndex
CREATE INDEX "task_company_created_idx" ON "task"("company", "created");

-- CreateIndex
CREATE INDEX "task_company_status_changed_idx" ON "task"("company", "status_changed");

-- CreateIndex
CREATE INDEX "task_project_idx" ON "task"("project");

-- CreateIndex
CREATE INDEX "task_parent_idx" ON "task"("parent");

-- CreateIndex
CREATE INDEX "task_queue_idx" ON "task"("queue");

-- CreateIndex
CREATE INDEX "task_tags_idx" ON "task" USING GIN ("tags");

-- CreateIndex
CREATE INDEX "task_system_tags_idx" ON "task" USING GIN ("system_tags");

-- CreateIndex
CREATE INDEX "task_artifact_task_position_idx" ON "task_artifact"("task", "position");

-- AddForeignKey
ALTER TABLE "user" ADD CONSTRAINT "user_company_fkey" FOREIGN KEY ("company") REFERENCES "company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "queue_entry" ADD CONSTRAINT "queue_entry_queue_fkey" FOREIGN KEY ("queue") REFERENCES "queue"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "queue_entry" ADD CONSTRAINT "queue_entry_task_fkey" FOREIGN KEY ("task") REFERENCES "task"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model" ADD CONSTRAINT "model_project_fkey" FOREIGN KEY ("project") REFERENCES "project"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "task" ADD CONSTRAINT "task_parent_fkey" FOREIGN KEY ("parent") REFERENCES "task"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "task" ADD CONSTRAINT "task_project_fkey" FOREIGN KEY ("project") REFERENCES "project"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "task" ADD CONSTRAINT "task_output_model_fkey" FOREIGN KEY ("output_model") REFERENCES "model"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "task" ADD CONSTRAINT "task_input_model_fkey" FOREIGN KEY ("input_model") REFERENCES "model"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "task" ADD CONSTRAINT "task_queue_fkey" FOREIGN KEY ("queue") REFERENCES "queue"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "task_artifact" ADD CONSTRAINT "task_artifact_task_fkey" FOREIGN KEY ("task") REFERENCES "task"("id") ON DELETE CASCADE ON UPDATE CASCADE;
