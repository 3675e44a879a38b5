export * from './children.module';
export * from './children-http.module';
export * from './children.service';
export * from './identifiers';
export { Child, Sex } from './entities/child.entity';
export { FamilyContact, ContactRelationship } from './entities/family-contact.entity';
export { CreateChildDto } from './dto/child.dto';
