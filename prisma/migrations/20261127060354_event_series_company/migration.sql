-- DropIndex
DROP INDEX "event_task_type_metric_variant_iter_value_idx";

-- CreateIndex
CREATE INDEX "event_task_type_metric_variant_iter_value_company_idx" ON "event"("task", "type", "metric", "variant", "iter", "value", "company");
