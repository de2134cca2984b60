import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CustomerDirectoryService } from './customer-directory.service.js';
import { CustomerService } from './customer.service.js';
import { Customer } from './entities/customer.entity.js';

@Module({
  imports: [TypeOrmModule.forFeature([Customer])],
  providers: [CustomerService, CustomerDirectoryService],
  exports: [CustomerService, CustomerDirectoryService, TypeOrmModule],
})
export class CustomerModule {}
