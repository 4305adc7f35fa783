import { Body, Controller, Get, Inject, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { Principal } from '../auth/principal.decorator';
import { Roles } from '../auth/roles.decorator';
import { StaffAuthGuard } from '../auth/staff-auth.guard';
import { StaffPrincipal } from '../auth/staff-principal';
import { CreateGoodsReceiptDto, CreatePurchaseOrderDto } from './dto/purchase-order.dto';
import { CreateSupplierDto, UpdateSupplierDto } from './dto/supplier.dto';
import { PurchaseOrderService } from './purchase-order.service';
import { SupplierService } from './supplier.service';

class ListSuppliersQuery {
  @IsOptional() @IsString() @MaxLength(100) search?: string;
  @IsOptional() @Matches(/^[A-Z]{2}$/) country?: string;
  @IsOptional()
  @Matches(/^([1-9]\d?|[1-4]\d\d|500)$/, { message: '$property must be an integer from 1 to 500' })
  limit?: string;
  @IsOptional() @Matches(/^\d{1,7}$/) offset?: string;
}

const actorOf = (p: StaffPrincipal) => ({ type: 'staff' as const, id: p.userId });

/** Master data: suppliers (bank accounts, tolerances, PO policy), purchase orders and goods receipts. */
@ApiTags('master data')
@ApiBearerAuth()
@Controller('v1')
@UseGuards(StaffAuthGuard)
export class MasterDataController {
  constructor(
    @Inject(SupplierService) private readonly suppliers: SupplierService,
    @Inject(PurchaseOrderService) private readonly pos: PurchaseOrderService,
  ) {}

  @Get('suppliers')
  list(@Query() q: ListSuppliersQuery) {
    return this.suppliers.list({
      search: q.search,
      country: q.country,
      limit: q.limit ? Number(q.limit) : undefined,
      offset: q.offset ? Number(q.offset) : undefined,
    });
  }

  @Get('suppliers/:id')
  get(@Param('id') id: string) {
    return this.suppliers.get(id);
  }

  @Post('suppliers')
  @Roles('manager', 'admin')
  create(@Body() body: CreateSupplierDto, @Principal() p: StaffPrincipal) {
    return this.suppliers.create(body, actorOf(p));
  }

  @Patch('suppliers/:id')
  @Roles('manager', 'admin')
  update(@Param('id') id: string, @Body() body: UpdateSupplierDto, @Principal() p: StaffPrincipal) {
    return this.suppliers.update(id, body, actorOf(p));
  }

  @Post('purchase-orders')
  @Roles('manager', 'admin')
  createPo(@Body() body: CreatePurchaseOrderDto, @Principal() p: StaffPrincipal) {
    return this.pos.create(body, actorOf(p));
  }

  @Get('purchase-orders/:idOrNumber')
  getPo(@Param('idOrNumber') id: string) {
    return this.pos.get(id);
  }

  @Post('goods-receipts')
  @Roles('manager', 'admin')
  receive(@Body() body: CreateGoodsReceiptDto, @Principal() p: StaffPrincipal) {
    return this.pos.receive(body, actorOf(p));
  }
}
