import { Module } from '@nestjs/common';
import { MasterDataController } from './master-data.controller';
import { PurchaseOrderRepository } from './purchase-order.repository';
import { PurchaseOrderService } from './purchase-order.service';
import { SupplierRepository } from './supplier.repository';
import { SupplierService } from './supplier.service';

@Module({
  controllers: [MasterDataController],
  providers: [SupplierService, PurchaseOrderService, SupplierRepository, PurchaseOrderRepository],
  exports: [SupplierService, SupplierRepository],
})
export class MasterDataModule {}
