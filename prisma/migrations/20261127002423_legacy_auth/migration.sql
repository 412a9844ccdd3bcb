-- CreateTable
CREATE TABLE "credential" (
    "access_key" TEXT NOT NULL,
    "secret_hash" TEXT NOT NULL,
    "user" TEXT NOT NULL,
    "company" TEXT NOT NULL,
    "created" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used" TIMESTAMPTZ(3),

    CONSTRAINT "credential_pkey" PRIMARY KEY ("access_key")
);

-- CreateTable
CREATE TABLE "server_setting" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "server_setting_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "credential_user_idx" ON "credential"("user");

-- CreateIndex
CREATE INDEX "credential_company_idx" ON "credential"("company");

-- AddForeignKey
ALTER TABLE "credential" ADD CONSTRAINT "credential_user_fkey" FOREIGN KEY ("user") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "credential" ADD CONSTRAINT "credential_company_fkey" FOREIGN KEY ("company") REFERENCES "company"("id") ON DELETE CASCADE ON UPDATE CASCADE;
