import { Module } from '@nestjs/common';
import { ReviewsController } from './reviews.controller';
import { ReviewsModule } from './reviews.module';

@Module({ imports: [ReviewsModule], controllers: [ReviewsController] })
export class ReviewsHttpModule {}
